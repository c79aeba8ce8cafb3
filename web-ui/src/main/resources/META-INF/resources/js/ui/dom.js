// The few DOM helpers every screen uses.

export const $ = (selector, root = document) => root.querySelector(selector);

/** Builds an element: attributes (class, dataset, on<event> handlers, anything else as attribute) and children. */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

export function button(label, onclick, attributes = {}) {
  return element('button', { type: 'button', onclick, ...attributes }, label);
}

const keyedRows = new WeakMap(); // parent → Map(key → { signature, node })

/**
 * Makes `parent`'s children the rows of `items`, in order, keeping the node of every item whose
 * `signature` has not changed. Lists such as the contacts are drawn again on every presence change:
 * rebuilding every row then would drop a click in progress (its press and release land on different
 * nodes), keyboard focus and an open menu on rows that did not change.
 */
export function renderKeyed(parent, items, { key, signature, build }) {
  const previous = keyedRows.get(parent) ?? new Map();
  const current = new Map();
  const nodes = items.map((item) => {
    const id = key(item);
    const drawn = signature(item);
    const kept = previous.get(id);
    const node = kept?.signature === drawn && kept.node.parentNode === parent ? kept.node : build(item);
    current.set(id, { signature: drawn, node });
    return node;
  });
  keyedRows.set(parent, current);
  // Rows that went or were redrawn leave first, so only new rows and rows out of place move.
  const wanted = new Set(nodes);
  for (const child of [...parent.children]) if (!wanted.has(child)) child.remove();
  nodes.forEach((node, index) => {
    if (parent.children[index] !== node) parent.insertBefore(node, parent.children[index] ?? null);
  });
}

/**
 * Holds the redraws of some lists while a pointer is pressed on one of them. A click needs its press
 * and its release on the same element: a row redrawn or moved between the two (a contact coming
 * online sorts to the top) would take the click with it, or give it to the row now under the
 * pointer. Returns a function that draws now, or once the pointer is released. A held redraw shows
 * as data-update-held on the lists.
 */
export function redrawWhenReleased(lists, draw) {
  let pressed = false;
  let waiting = false;
  for (const list of lists) {
    list.addEventListener('pointerdown', () => {
      pressed = true;
    });
  }
  const release = () => {
    if (!pressed) return;
    pressed = false;
    for (const list of lists) delete list.dataset.updateHeld;
    // After the click this release makes, which may draw by itself (a row selected).
    if (!waiting) return;
    waiting = false;
    setTimeout(draw);
  };
  for (const type of ['pointerup', 'pointercancel', 'blur']) window.addEventListener(type, release);
  return () => {
    if (!pressed) return draw();
    waiting = true;
    for (const list of lists) list.dataset.updateHeld = '';
  };
}
