// The site's light/dark switch.  The theme is an attribute on <html>
// (data-bn-theme), set before the first paint by the page's head from the
// reader's last choice or the system's; theme.css swaps JupyterLab's colour
// variables on it, so the notebook and its explorers (which draw with those
// variables) follow at once.  <body>'s data-jp-theme-light, which JupyterLab
// pages carry, follows too.

const STORAGE_KEY = "bitsandnats-theme";

function current() {
  return document.documentElement.dataset.bnTheme === "dark" ? "dark" : "light";
}

function apply(theme, button) {
  document.documentElement.dataset.bnTheme = theme;
  document.body.dataset.jpThemeLight = String(theme === "light");
  document.body.dataset.jpThemeName = theme === "dark" ? "JupyterLab Dark" : "JupyterLab Light";
  // A toggle button: its name stays "Dark theme", aria-pressed says whether it is on.
  if (button) button.setAttribute("aria-pressed", String(theme === "dark"));
}

document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".bn-theme-switch");
  apply(current(), button);
  if (!button) return;
  button.addEventListener("click", () => {
    const theme = current() === "dark" ? "light" : "dark";
    apply(theme, button);
    try {
      localStorage.setItem(STORAGE_KEY, theme);
    } catch (error) {
      // Storage refused (a private window, a file:// page): the switch still works, it is just not remembered.
    }
  });
});
