// Charts as files: the chart's SVG as it is drawn (Plot puts its styles inside the SVG), and a PNG drawn
// from that SVG at twice its size on a white background. Both are made in the page from the page's own
// drawing: nothing is uploaded.

/** The chart's main SVG (Plot wraps a chart with a legend in a <figure>). */
export function chartSvgElement(container: Element): SVGSVGElement | null {
  const svgs = [...container.querySelectorAll('svg')];
  // the plot itself is the largest SVG; legend swatches are small ones
  return svgs.sort((a, b) => area(b) - area(a))[0] ?? null;
}

function area(svg: SVGSVGElement): number {
  return Number(svg.getAttribute('width') ?? 0) * Number(svg.getAttribute('height') ?? 0);
}

/** A standalone SVG document of the chart. */
export function chartSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  copy.setAttribute('font-family', 'system-ui, sans-serif');
  // the page's text colour, which Plot's currentColor follows
  copy.style.color = getComputedStyle(svg).color || '#000';
  copy.style.background = 'white';
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** The chart as a PNG, at `scale` times its drawn size. */
export async function chartPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width;
  const height = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height;
  const url = URL.createObjectURL(new Blob([chartSvg(svg)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d')!;
    context.fillStyle = 'white';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG export failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
