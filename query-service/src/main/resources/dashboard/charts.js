// Chart.js is loaded by index.html from the WebJar that query-service serves.

export const PALETTE = ['#2f6fed', '#1f9d55', '#d98a00', '#8e44ad', '#d14343', '#16a2b8', '#7a8699',
  '#e667af', '#5c7cfa', '#94d82d'];

function library() {
  if (!window.Chart) {
    throw new Error('the chart library did not load');
  }
  return window.Chart;
}

let configured = false;

function configure(Chart) {
  if (configured) {
    return;
  }
  configured = true;
  // A dashboard is read, not watched: charts appear drawn, which also makes screenshots exact.
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.color = '#667085';
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
}

/** Draws a chart on the canvas, replacing the one that was there. */
export function draw(canvas, config) {
  const Chart = library();
  configure(Chart);
  const previous = Chart.getChart(canvas);
  if (previous) {
    previous.destroy();
  }
  return new Chart(canvas, config);
}

export function clear(canvas) {
  const previous = window.Chart && window.Chart.getChart(canvas);
  if (previous) {
    previous.destroy();
  }
}

export function colors(count) {
  return Array.from({ length: count }, (_, index) => PALETTE[index % PALETTE.length]);
}
