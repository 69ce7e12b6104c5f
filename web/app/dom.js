// The one way the map builds markup: elements and text nodes, never HTML parsed from strings, so a name
// or a message from the API or the URL is always shown as text.

/** Children as `replaceChildren` and `append` take them: flattened, without null, undefined or false. */
export const nodes = (...children) => children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false);

/**
 * An element with attributes and children. Strings and numbers become text; null, undefined and false
 * are skipped (attributes and children alike), and arrays are flattened.
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...nodes(children));
  return element;
}
