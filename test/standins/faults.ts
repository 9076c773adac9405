/** The failures a stand-in can be told to imitate (shared by the Node servers and the workerd tests). */
export type Fault =
  | { kind: "status"; status: number; body?: unknown; retryAfterSeconds?: number }
  | { kind: "html"; status: number }
  | { kind: "malformed" }
  | { kind: "body"; body: unknown }
  | { kind: "delay"; ms: number }
  | { kind: "hang" }
  /** HTTP 200 and the first bytes of a body, then nothing: the time limit must cover the body too. */
  | { kind: "stall_body" }
  /**
   * The connection is closed without any answer. By default the request is not handled; with
   * `afterHandling` the stand-in acts on it first (the order is placed, its answer is lost).
   */
  | { kind: "drop"; afterHandling?: boolean };
