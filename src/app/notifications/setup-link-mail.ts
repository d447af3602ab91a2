/**
 * A person's one-time login link, e-mailed to them when they have an address
 * and e-mail is on. It goes straight to the mail server, never through the
 * outbox: a notification row would keep the link in the database and in the
 * person's list. HR sees the link on the page in any case.
 */
import { DateTime } from 'luxon';
import type { IssuedLink } from '../accounts/setup-links';
import { instantJa } from '../calendar';
import type { NotificationService } from './background';

/** What became of the mail: sent, refused or not reached, no address, or e-mail off. */
export type SetupLinkMail = 'sent' | 'failed' | 'no-address' | 'off';

export async function mailSetupLink(service: NotificationService | null, link: IssuedLink, url: string): Promise<SetupLinkMail> {
  if (!service?.mailEnabled) return 'off';
  if (!link.email) return 'no-address';
  const sent = await service.outbox.sendNow(
    { name: link.name, address: link.email },
    '【テレワーク輪番表】ログイン用リンクのお知らせ',
    setupLinkText(link, url),
  );
  return sent ? 'sent' : 'failed';
}

export function setupLinkText(link: Pick<IssuedLink, 'name' | 'loginId' | 'expiresAt'>, url: string): string {
  return (
    [
      `${link.name} さん`,
      '',
      'テレワーク輪番表のログイン用リンクを、人事課が発行しました。',
      '次のリンクを開いて、自分だけが知っているパスワードを決めてください。設定すると、そのままログインします。',
      '',
      url,
      '',
      `ログインID: ${link.loginId}`,
      `有効期限: ${instantJa(DateTime.fromISO(link.expiresAt))}（1回だけ使えます）`,
      '',
      '心当たりがないときは、このリンクを開かずに人事課に連絡してください。',
      '――――',
      'このメールはテレワーク輪番表から自動で送信しています。このメールに返信しても届きません。',
    ].join('\n') + '\n'
  );
}
