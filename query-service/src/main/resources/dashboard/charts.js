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

/** The text of each bar's value label, per canvas; a chart drawn without one has no labels. */
const valueLabels = new WeakMap();

/**
 * Writes each bar's value beside it, so a reader need not hover to learn it. The texts drawn are
 * kept on the chart as $valueLabels, which the browser test reads.
 */
const valueLabelPlugin = {
  id: 'valueLabels',
  afterDatasetsDraw(chart) {
    const label = valueLabels.get(chart.canvas);
    if (!label) {
      return;
    }
    const horizontal = chart.options.indexAxis === 'y';
    const { ctx } = chart;
    const drawn = [];
    ctx.save();
    ctx.font = `600 11px ${fontFamilyOf(chart)}`;
    ctx.fillStyle = '#344054';
    ctx.textAlign = horizontal ? 'left' : 'center';
    ctx.textBaseline = horizontal ? 'middle' : 'bottom';
    chart.data.datasets.forEach((dataset, datasetIndex) => {
      const meta = chart.getDatasetMeta(datasetIndex);
      if (meta.type !== 'bar' || !chart.isDatasetVisible(datasetIndex)) {
        return;
      }
      meta.data.forEach((bar, index) => {
        const text = label(index, datasetIndex);
        if (!text) {
          return;
        }
        if (horizontal) {
          // A label that would run off the chart goes inside the bar's end instead.
          const width = ctx.measureText(text).width;
          const outside = bar.x + 4 + width <= chart.chartArea.right;
          ctx.textAlign = outside ? 'left' : 'right';
          ctx.fillStyle = outside ? '#344054' : '#ffffff';
          ctx.fillText(text, outside ? bar.x + 4 : bar.x - 4, bar.y);
        } else {
          ctx.fillText(text, bar.x, bar.y - 2);
        }
        drawn.push(text);
      });
    });
    ctx.restore();
    chart.$valueLabels = drawn;
  },
};

function fontFamilyOf(chart) {
  return (chart.options.font && chart.options.font.family) || getComputedStyle(document.documentElement).fontFamily;
}

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
  Chart.register(valueLabelPlugin);
}

/**
 * Draws a chart on the canvas, replacing the one that was there. {@code valueLabel(index,
 * datasetIndex)}, when given, is the text written at the end of each bar (nothing when it
 * returns nothing).
 */
export function draw(canvas, config, valueLabel = null) {
  const Chart = library();
  configure(Chart);
  const previous = Chart.getChart(canvas);
  if (previous) {
    previous.destroy();
  }
  if (valueLabel) {
    valueLabels.set(canvas, valueLabel);
  } else {
    valueLabels.delete(canvas);
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
