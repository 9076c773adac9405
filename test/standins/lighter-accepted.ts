/** A transaction the Lighter stand-in accepted, as `GET /__standin/accepted` lists it (shared by both sides). */
export interface AcceptedTx {
  account_index: string;
  api_key_index: number;
  nonce: string;
  tx_type: number;
  tx_hash: string;
  tx_info: string;
}
