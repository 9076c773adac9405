import type { AccountDesk } from "./account-desk";

/** One desk per Lighter account; this is the one place that names it. */
export function accountDesk(env: Env, accountIndex: number): DurableObjectStub<AccountDesk> {
  return env.ACCOUNT_DESK.getByName(`lighter-account:${accountIndex}`);
}
