import type * as z from "zod";

/**
 * What the first issue of a failed zod parse points at, so that a refusal can name the offending input
 * (a body field, a query parameter). Each caller words its own message around it.
 */
export interface IssueTarget {
  /** The path into the input (e.g. `["transactions", "3", "price"]`), ending in the first unknown key for an unknown-key issue; empty for the input as a whole. */
  path: string[];
  /** The input has a key the schema does not know. */
  unknownKey: boolean;
  message: string;
}

export function firstIssueTarget(error: z.ZodError): IssueTarget {
  const issue = error.issues[0];
  if (issue === undefined) return { path: [], unknownKey: false, message: "is invalid" };
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") return { path: [...path, issue.keys[0] ?? ""], unknownKey: true, message: issue.message };
  return { path, unknownKey: false, message: issue.message };
}
