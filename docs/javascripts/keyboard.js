// Keyboard access to Material's header, on every page load (also under Material's
// instant navigation, document$):
// - the menu (drawer) and search buttons are <label>s for hidden checkboxes, which a
//   keyboard cannot reach: make them buttons, focusable, named in the page's language,
//   pressed with Enter or Space;
// - when the colour scheme comes from the reader's system setting, Material checks no
//   palette radio, so Tab lands on the first one, whose toggle is hidden and whose name
//   says the opposite of what it does: check the radio of the scheme in use;
// - a table too wide for the screen scrolls sideways in Material's wrapper: while it
//   does, the wrapper takes focus so the arrow keys can scroll it.
(function () {
  var NAMES = {
    ko: { __drawer: "탐색 메뉴", __search: "검색" },
    en: { __drawer: "Navigation menu", __search: "Search" },
  };

  function checkPalette() {
    var inputs = document.querySelectorAll("input.md-option[name=__palette]");
    if (!inputs.length || Array.prototype.some.call(inputs, function (i) { return i.checked; })) return;
    var scheme = document.body.getAttribute("data-md-color-scheme");
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.getAttribute("data-md-color-scheme") === scheme) input.checked = true;
    });
  }

  function enhance() {
    checkPalette();
    scrollableTables();
    var lang = (document.documentElement.lang || "en").slice(0, 2);
    var names = NAMES[lang] || NAMES.en;
    var labels = document.querySelectorAll(
      '.md-header label.md-header__button[for="__drawer"], .md-header label.md-header__button[for="__search"]'
    );
    labels.forEach(function (label) {
      if (label.hasAttribute("tabindex")) return;
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      label.setAttribute("aria-label", names[label.htmlFor]);
      // Material itself clicks a focused label on Enter; Space is added here.
      label.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          label.click();
        }
        if ((event.key === " " || event.key === "Enter") && label.htmlFor === "__search") {
          setTimeout(function () {
            var input = document.querySelector(".md-search__input");
            if (input) input.focus();
          }, 0);
        }
      });
    });
    // The palette toggle: Material switches on Enter; Space does too, as on any button.
    var form = document.querySelector("form[data-md-component=palette]");
    if (form && !form.hasAttribute("data-keyboard")) {
      form.setAttribute("data-keyboard", "");
      form.addEventListener("keydown", function (event) {
        if (event.key !== " " || !event.target.matches("input.md-option")) return;
        event.preventDefault();
        var inputs = form.querySelectorAll("input.md-option");
        var index = Array.prototype.indexOf.call(inputs, event.target);
        var next = inputs[(index + 1) % inputs.length];
        next.click();
        next.focus();
      });
    }
  }

  function scrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
      }
    });
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(scrollableTables, 50);
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
