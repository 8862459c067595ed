import { A4, chartSvg, type ChartFooter, type ChartPage } from "../../../shared/structure/chart";

function save(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  // The download has its own copy once started; the address is released a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The chart as one SVG file, its A4 pages stacked (see shared/structure/chart.ts chartSvg). */
export function downloadChartSvg(pages: ChartPage[], footer: ChartFooter, fileName: string) {
  save(new Blob([chartSvg(pages, footer)], { type: "image/svg+xml" }), fileName);
}

/** Print resolution: 150 dots to the inch (the SVG is drawn at 96 to the inch). */
const PRINT_SCALE = 150 / 96;
/** Chromium's largest canvas side and a safe area: a very long chart is drawn a little smaller. */
const MAX_SIDE = 32_000;
const MAX_AREA = 180_000_000;

/**
 * The chart as one PNG, drawn from the same SVG through a canvas in the browser at print
 * resolution, so the picture and the SVG never differ.
 */
export async function downloadChartPng(pages: ChartPage[], footer: ChartFooter, fileName: string) {
  const svg = chartSvg(pages, footer);
  const width = A4.width;
  const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg.slice(svg.indexOf("<svg")))?.[1] ?? A4.height);
  const scale = Math.min(PRINT_SCALE, MAX_SIDE / height, Math.sqrt(MAX_AREA / (width * height)));
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no canvas");
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (!blob) throw new Error("no image");
    save(blob, fileName);
  } finally {
    URL.revokeObjectURL(url);
  }
}
