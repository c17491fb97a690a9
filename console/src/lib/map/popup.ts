// Popup contents built as DOM nodes (text only, never HTML from data).
export function popupContent(title: string, lines: string[]): HTMLElement {
  const root = document.createElement('div');
  root.className = 'map-popup';
  const h = document.createElement('strong');
  h.textContent = title;
  root.append(h);
  for (const line of lines) {
    const p = document.createElement('div');
    p.textContent = line;
    root.append(p);
  }
  return root;
}
