/** The SMTP settings from the environment: off without them, both spellings, and errors that never repeat a password. */
import { describeMailConfig, MailConfigError, mailConfigFromEnv } from '../../../src/app/notifications/mail-config';

const FROM = '"テレワーク輪番表" <rotation@town.example.lg.jp>';

describe('mail settings', () => {
  test('neither SMTP_URL nor SMTP_HOST: e-mail is off', () => {
    expect(mailConfigFromEnv({})).toBeNull();
    expect(mailConfigFromEnv({ SMTP_URL: '  ', MAIL_FROM: FROM })).toBeNull();
  });

  test('SMTP_URL with a percent-encoded password, STARTTLS on 587 and TLS on smtps', () => {
    expect(mailConfigFromEnv({ SMTP_URL: 'smtp://mailer:p%40ss%3Aword@mail.town.example.lg.jp', MAIL_FROM: FROM })).toEqual({
      host: 'mail.town.example.lg.jp',
      port: 587,
      secure: false,
      auth: { user: 'mailer', pass: 'p@ss:word' },
      from: FROM,
      appUrl: null,
    });
    expect(
      mailConfigFromEnv({ SMTP_URL: 'smtps://relay.example.lg.jp', MAIL_FROM: FROM, APP_URL: 'https://rotation.example.lg.jp/' }),
    ).toEqual({ host: 'relay.example.lg.jp', port: 465, secure: true, auth: null, from: FROM, appUrl: 'https://rotation.example.lg.jp' });
  });

  test('SMTP_HOST and its companions', () => {
    expect(
      mailConfigFromEnv({ SMTP_HOST: '10.1.2.3', SMTP_PORT: '25', SMTP_USER: 'u', SMTP_PASSWORD: 'secret-pw', MAIL_FROM: FROM }),
    ).toEqual({ host: '10.1.2.3', port: 25, secure: false, auth: { user: 'u', pass: 'secret-pw' }, from: FROM, appUrl: null });
    expect(mailConfigFromEnv({ SMTP_HOST: 'mail', SMTP_SECURE: '1', MAIL_FROM: FROM })).toMatchObject({ port: 465, secure: true });
    expect(mailConfigFromEnv({ SMTP_HOST: 'mail', SMTP_PORT: '465', MAIL_FROM: FROM })).toMatchObject({ secure: true });
  });

  test.each([
    [{ SMTP_URL: 'smtp://u:topsecret@mail' }, /MAIL_FROM is required/],
    [{ SMTP_URL: 'http://u:topsecret@mail', MAIL_FROM: FROM }, /smtp:\/\/ or smtps:\/\//],
    [{ SMTP_URL: 'smtp://u:topsecret@mail:99999', MAIL_FROM: FROM }, /not a URL/],
    [{ SMTP_URL: 'u:topsecret@mail', MAIL_FROM: FROM }, /smtp:\/\/ or smtps:\/\//],
    [{ SMTP_HOST: 'mail', SMTP_PORT: 'abc', MAIL_FROM: FROM }, /SMTP_PORT/],
    [{ SMTP_HOST: 'mail', SMTP_SECURE: 'maybe', MAIL_FROM: FROM }, /SMTP_SECURE/],
    [{ SMTP_HOST: 'mail', SMTP_PASSWORD: 'topsecret', MAIL_FROM: FROM }, /SMTP_USER is not/],
    [{ SMTP_HOST: 'mail', MAIL_FROM: FROM, APP_URL: 'ftp://x' }, /APP_URL/],
    [{ SMTP_HOST: 'mail', MAIL_FROM: 'a\r\nBcc: x@example.com' }, /one line/],
  ])('setting %# is refused by name, without the password', (env, message) => {
    let error: unknown;
    try {
      mailConfigFromEnv(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MailConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('topsecret');
  });

  test('the description for the log names the server, not the login', () => {
    const config = mailConfigFromEnv({ SMTP_URL: 'smtp://mailer:topsecret@mail.example.lg.jp:2525', MAIL_FROM: FROM })!;
    const text = describeMailConfig(config);
    expect(text).toContain('mail.example.lg.jp:2525');
    expect(text).not.toContain('topsecret');
    expect(text).not.toContain('mailer');
  });
});
