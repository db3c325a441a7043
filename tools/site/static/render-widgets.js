// Draw the page's widgets as soon as the page is parsed.  nbconvert's
// embed-amd.js waits for the window's load event instead (every image and
// font of the page), which on these pages comes hundreds of milliseconds
// later: the explorers would sit blank meanwhile.  This script is deferred,
// so it runs once the whole page, the widget state at its end included, has
// been parsed, after libembed-amd.js (deferred before it) has defined the
// widget manager for require.js.
window.require(["@jupyter-widgets/html-manager/dist/libembed-amd"], (embed) => embed.renderWidgets());
