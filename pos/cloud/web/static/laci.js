// The owner's pages work without this: it only sends a chooser's form as soon as a choice is made.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".autosubmit").forEach(function (field) {
    field.addEventListener("change", function () {
      if (field.form && field.value) { field.form.requestSubmit(); }
    });
  });
});
