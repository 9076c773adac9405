/**
 * A transaction field that fails parsing or lighter-go's `Validate()` rules. `field` is the tx_info name
 * (`BaseAmount`, `L2TxAttributes.2`, ...) so a caller can map it back to its own request field; the
 * message names the field and the rule. Messages carry only the offending field's value, never a key.
 */
export class TxFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "TxFieldError";
  }
}
