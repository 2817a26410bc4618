// The join address as a QR code: an SVG built node by node (dark modules as one path).
import qrcode from 'qrcode-generator';

const SVG = 'http://www.w3.org/2000/svg';

export function qrSvg(text: string, label: string): SVGSVGElement {
  const code = qrcode(0, 'M');
  code.addData(text);
  code.make();
  const size = code.getModuleCount();
  const margin = 2;
  const full = size + margin * 2;
  let d = '';
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      // Runs of dark modules on a row become one rectangle: a shorter path.
      if (!code.isDark(row, col)) continue;
      let run = 1;
      while (col + run < size && code.isDark(row, col + run)) run++;
      d += `M${col + margin} ${row + margin}h${run}v1h-${run}z`;
      col += run - 1;
    }
  }
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${full} ${full}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(full));
  background.setAttribute('height', String(full));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(SVG, 'path');
  modules.setAttribute('d', d);
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  return svg;
}

/** Where the audience joins this event. */
export function joinUrl(eventId: string): string {
  return `${location.origin}/e/${encodeURIComponent(eventId)}`;
}

/** The address as people type it: without the scheme. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/** The address with line-break chances after each slash, so a narrow caption never splits a word. */
export function breakable(text: string): (string | HTMLElement)[] {
  return text.split(/(?<=\/)/).flatMap((part, i) => (i === 0 ? [part] : [document.createElement('wbr'), part]));
}
