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
      for (const b of form.querySelectorAll('button[type=submit]'))
        setTimeout(() => {
          b.disabled = true;
        }, 0);
    });
  }
  // A simulation's progress bar follows the run; the page reloads when it ends (without scripts, the browser refreshes it).
  const box = document.querySelector('[data-progress-url]');
  if (box) {
    const url = box.getAttribute('data-progress-url');
    const bar = box.querySelector('progress');
    const phase = box.querySelector('[data-progress-phase]');
    const text = box.querySelector('[data-progress-text]');
    const poll = async () => {
      try {
        const res = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
        if (res.ok) {
          const p = await res.json();
          if (p.status !== 'queued' && p.status !== 'running') {
            window.location.reload();
            return;
          }
          if (p.total > 0) {
            bar.max = p.total;
            bar.value = p.done;
            bar.textContent = `${Math.floor((p.done / p.total) * 100)}%`;
            text.textContent = `${p.done} / ${p.total}`;
          }
          phase.textContent =
            p.status === 'queued'
              ? '順番を待っています'
              : p.phase === 'insights'
                ? '改善の提案を計算しています'
                : 'シナリオを計算しています';
        }
      } catch {
        // the next poll tries again
      }
      setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
  }
});
