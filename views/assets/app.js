// Progressive enhancement only: every page works without it.
document.addEventListener('DOMContentLoaded', () => {
  // Ask before actions that change what staff see.
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  }
  for (const button of document.querySelectorAll('[data-print]')) {
    button.addEventListener('click', () => window.print());
  }
  // A submitted form cannot be sent twice by a double click.
  for (const form of document.querySelectorAll('form')) {
    form.addEventListener('submit', () => {
      for (const b of form.querySelectorAll('button[type=submit]')) setTimeout(() => { b.disabled = true; }, 0);
    });
  }
});
