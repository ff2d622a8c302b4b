// Steps a lesion's pictures through the slices without reloading the page; links work without it.
(function () {
  "use strict";
  document.querySelectorAll("figure.pictures").forEach(function (figure) {
    function show(offset) {
      figure.dataset.offset = String(offset);
      figure.querySelectorAll("img[data-base]").forEach(function (img) {
        img.src = img.dataset.base + (offset === 0 ? "" : "?offset=" + offset);
      });
    }
    figure.querySelectorAll("a.step").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var step = Number(link.dataset.step);
        show(step === 0 ? 0 : Number(figure.dataset.offset) + step);
      });
    });
    figure.addEventListener("wheel", function (event) {
      event.preventDefault();
      show(Number(figure.dataset.offset) + (event.deltaY > 0 ? 1 : -1));
    }, { passive: false });
  });

  // After a sign-off the eligibility consumer answers asynchronously: look again for a while.
  var eligibility = document.getElementById("eligibility");
  if (eligibility && eligibility.dataset.awaiting === "true" && document.getElementById("signoff") &&
      document.querySelector(".signoff .signed")) {
    var key = "ip-reload:" + location.pathname;
    var count = Number(sessionStorage.getItem(key) || "0");
    if (count < 30) {
      sessionStorage.setItem(key, String(count + 1));
      setTimeout(function () { location.reload(); }, 2000);
    }
  } else if (eligibility) {
    sessionStorage.removeItem("ip-reload:" + location.pathname);
  }
})();
