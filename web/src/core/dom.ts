type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attributes (aria-*, type, value for inputs...). */
  attrs?: Record<string, string | number | boolean>;
  data?: Record<string, string>;
  style?: Partial<Record<string, string>>;
  on?: Partial<{ [E in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[E]) => void }>;
}

/** Builds an element; text children are text nodes, so nothing a person typed is ever parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === false) continue;
    if (name === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, value] of Object.entries(props.data ?? {})) el.dataset[name] = value;
  for (const [name, value] of Object.entries(props.style ?? {}))
    if (value !== undefined) el.style.setProperty(name, value);
  for (const [name, handler] of Object.entries(props.on ?? {})) el.addEventListener(name, handler as EventListener);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren(
    ...children
      .filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false)
      .map((c) => (c instanceof Node ? c : String(c))),
  );
}

/** A form's submit handler: the page stays where it is, and `run` runs (a promise it returns is not awaited). */
export function onSubmit(run: () => unknown): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    void run();
  };
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

/** The token of a staff page: /operator#token=... (kept out of server logs: a hash is never sent). */
export function tokenFromHash(): string | null {
  return new URLSearchParams(location.hash.slice(1)).get('token');
}
