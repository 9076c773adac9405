/**
 * Reads a `.dev.vars` file (dotenv syntax, as wrangler does): `NAME=value` lines, `#` comments, optional
 * single or double quotes around the value, `export ` prefixes tolerated.
 */
export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match === null) continue;
    const [, name, rawValue] = match as unknown as [string, string, string];
    const quoted = /^(["'])(.*)\1$/.exec(rawValue);
    vars[name] = quoted !== null ? (quoted[2] as string) : rawValue.replace(/\s+#.*$/, "");
  }
  return vars;
}
