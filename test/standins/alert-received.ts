/** One POST the alert receiver got (test/standins/node/alert-receiver.ts), as GET /__receiver/received lists it: shared by the Node server and the workerd tests. */
export interface ReceivedAlert {
  path: string;
  content_type: string | undefined;
  /** The body parsed as JSON, when it was. */
  body: unknown;
  raw_body: string;
  /** The receiver's clock, unix ms. */
  at: number;
}
