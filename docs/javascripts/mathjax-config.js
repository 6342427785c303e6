// MathJax is served by the site itself (assets/mathjax/tex-chtml.js and its fonts); nothing comes from a CDN.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
};

// Material's instant navigation swaps pages without a reload: typeset each new page.
// Not the first one, which MathJax's startup typesets: clearing its cache then would
// drop the CSS of the characters already typeset (HTML output) and blank the formulas.
let mathjaxFirstPage = true;
if (typeof document$ !== "undefined") {
  document$.subscribe(() => {
    if (mathjaxFirstPage) {
      mathjaxFirstPage = false;
      return;
    }
    if (window.MathJax && MathJax.typesetPromise) {
      if (MathJax.startup.output && MathJax.startup.output.clearCache) {
        MathJax.startup.output.clearCache();
      }
      MathJax.typesetClear();
      MathJax.texReset();
      MathJax.typesetPromise();
    }
  });
}
