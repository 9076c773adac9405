// @ts-check
/**
 * The one way the page builds DOM: elements with text set through textContent, never HTML strings, so
 * a symbol or an error message from a venue can never become markup.
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {{ className?: string, title?: string, dataset?: Record<string, string>, attrs?: Record<string, string> }} [options]
 * @param {Array<Node | string>} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  if (options.className !== undefined) node.className = options.className;
  if (options.title !== undefined) node.title = options.title;
  for (const [key, value] of Object.entries(options.dataset ?? {})) node.dataset[key] = value;
  for (const [key, value] of Object.entries(options.attrs ?? {})) node.setAttribute(key, value);
  for (const child of children) node.append(typeof child === "string" ? document.createTextNode(child) : child);
  return node;
}

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node;
}

/**
 * A status line: its text, and its state for the stylesheet (data-state colours errors and successes).
 * @param {HTMLElement} node
 * @param {string} text
 * @param {"idle" | "pending" | "ok" | "error"} state
 */
export function showStatus(node, text, state) {
  node.textContent = text;
  node.dataset.state = state;
}
