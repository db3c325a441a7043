// Typeset the TeX of the site's pages at build time, so that a page loads no math renderer at all.
//
//   node typeset.mjs NODE_MODULES PAGE.html [PAGE.html ...]
//
// Each page is read as a browser would read it (MathJax 3's HTML handler on
// its lite DOM, with the delimiters the notebooks use: $...$ and \(...\)
// inline, $$...$$ and \[...\] displayed, \$ for a dollar sign), every formula
// is replaced by its SVG (which draws in currentColor, so it follows the
// light and dark themes, and needs no font) with its MathML for screen
// readers, and the page is written back.
// Code, preformatted output and scripts (the widget state) are not looked at.
// A formula MathJax cannot read fails the build, naming the page and the TeX.
// Prints one JSON line per page: {page, formulas}.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [modules, ...pages] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "mathjax-full", "package.json"));
const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { SVG } = require("mathjax-full/js/output/svg.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");
// Every named HTML entity (&rarr;, ...) up front: the lite DOM would otherwise load them on demand.
require("mathjax-full/js/util/entities/all.js");

const { AssistiveMmlHandler } = require("mathjax-full/js/a11y/assistive-mml.js");

const adaptor = liteAdaptor();
// Each formula also carries its MathML, visually hidden, for screen readers (the SVG itself is aria-hidden).
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));

// No "noerrors"/"noundefined": an unreadable formula must be an error here, not red text on the page.
const packages = AllPackages.filter((name) => name !== "noerrors" && name !== "noundefined");

for (const page of pages) {
  const document = mathjax.document(readFileSync(page, "utf8"), {
    InputJax: new TeX({
      packages,
      inlineMath: [["$", "$"], ["\\(", "\\)"]],
      displayMath: [["$$", "$$"], ["\\[", "\\]"]],
      processEscapes: true,
      processEnvironments: true,
      formatError: (jax, error) => {
        throw new Error(`${page}: MathJax cannot read ${JSON.stringify(jax.latex)}: ${error.message}`);
      },
    }),
    // One set of glyph paths per page, reused by every formula on it.
    OutputJax: new SVG({ fontCache: "global" }),
  });
  document.render();
  const formulas = Array.from(document.math).length;
  // MathJax's stylesheet for its SVG output, once, in the head.
  const sheet = document.outputJax.styleSheet(document);
  adaptor.append(adaptor.head(document.document), sheet);
  const html = adaptor.doctype(document.document) + "\n" + adaptor.outerHTML(adaptor.root(document.document));
  writeFileSync(page, html);
  console.log(JSON.stringify({ page: path.basename(page), formulas }));
}
