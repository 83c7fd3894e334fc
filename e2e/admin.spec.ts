import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../server/modules/accounts';
import { sealAudit } from '../server/platform/audit-sealer';
import { type Browser, expectAccessible, expectNoHorizontalScroll, open, screenshot, signIn, signOut, startE2E, type E2E } from './support/app';
import { focusedTestId, waitForText } from './support/wait';

const NEW_PASSWORD = 'みねの里山 さくら 2026 春';
/** The password the new account's holder chooses at the first sign-in (decision 0018). */
const CHOSEN_PASSWORD = '秋芳の台地 すすき 2026 秋';

/**
 * The city administrator's journeys (organisation, areas, accounts), a new account's
 * two-factor enrolment, and the auditor finding all of it in the audit log.
 */
describe('administration and audit', () => {
  let e2e: E2E;
  let admin: Browser;
  beforeAll(async () => {
    e2e = await startE2E();
    admin = await e2e.openBrowser();
    await signIn(admin.page, 'city-admin');
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('city-admin sees every unit as a tree with tiers', async () => {
    const page = admin.page;
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '組織管理' }).click();
    await page.getByRole('heading', { level: 1, name: '組織管理' }).waitFor();
    const centre = page.locator('[data-unit-id="centre-mine"]');
    await centre.waitFor();
    // District councils hang under the Mine centre.
    await centre.locator('[data-unit-id="district-omine"]').waitFor();
    expect(await centre.locator(':scope > div').textContent()).toContain('福祉圏域');
  });

  it('refuses an empty new unit with messages next to the fields', async () => {
    const page = admin.page;
    await page.getByRole('button', { name: '組織を追加' }).click();
    await page.getByRole('button', { name: '組織を登録する' }).click();
    const summary = await waitForText(page.getByTestId('error-summary'), '組織ID：入力してください。');
    expect(await focusedTestId(page)).toBe('error-summary');
    expect(await summary.textContent()).toContain('圏域：選択してください。');
    expect(await page.getByLabel('組織ID').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the server\'s refusal of a duplicate ID', async () => {
    const page = admin.page;
    const form = page.getByRole('form', { name: '組織を追加する' });
    await form.getByLabel('組織ID').fill('hub');
    await form.getByLabel('圏域').selectOption('city');
    await form.getByLabel('種別').selectOption('hub');
    await form.getByLabel('名称（日本語）').fill('重複テスト');
    await form.getByRole('button', { name: '組織を登録する' }).click();
    await waitForText(page.getByTestId('error-summary'), '同じものが既に登録されています。');
  });

  it('adds a district council under the Mine centre', async () => {
    const page = admin.page;
    const form = page.getByRole('form', { name: '組織を追加する' });
    await form.getByLabel('組織ID').fill('district-e2e');
    await form.getByLabel('上位の組織').selectOption('centre-mine');
    await form.getByLabel('圏域').selectOption('district');
    await form.getByLabel('種別').selectOption('district_council');
    await form.getByLabel('名称（日本語）').fill('試験地区社会福祉協議会');
    await form.getByLabel('名称（英語）').fill('Test district council');
    await form.getByLabel('電話番号').fill('0837-00-1234');
    await form.getByRole('button', { name: '組織を登録する' }).click();
    await waitForText(page.getByRole('status'), '「試験地区社会福祉協議会」を登録しました。');
    const added = page.locator('[data-unit-id="centre-mine"] [data-unit-id="district-e2e"]');
    await added.waitFor();
    expect(await added.textContent()).toContain('電話 0837-00-1234');
    expect(await added.textContent()).toContain('地区（住民主体地域活動圏域）');
    // Focus went back to the button that opened the form.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('unit-add-toggle');
  });

  it('edits the unit: renames it and moves it under the Mito centre', async () => {
    const page = admin.page;
    await page.getByRole('button', { name: '編集：試験地区社会福祉協議会' }).click();
    const form = page.getByRole('form', { name: '「試験地区社会福祉協議会」を編集' });
    await form.getByLabel('名称（日本語）').fill('試験地区福祉の会');
    await form.getByLabel('上位の組織').selectOption('centre-mito');
    await screenshot(page, 'units-edit-1280');
    await form.getByRole('button', { name: '保存する' }).click();
    await waitForText(page.getByRole('status'), '「試験地区福祉の会」を保存しました。');
    await page.locator('[data-unit-id="centre-mito"] [data-unit-id="district-e2e"]').waitFor();
    expect(await page.locator('[data-unit-id="centre-mine"] [data-unit-id="district-e2e"]').count()).toBe(0);
  });

  it('will not deactivate a unit that still has staff (server rule, shown by the field)', async () => {
    const page = admin.page;
    await page.getByRole('button', { name: '編集：美祢地域福祉センター' }).click();
    const form = page.getByRole('form', { name: '「美祢地域福祉センター」を編集' });
    await form.getByLabel('この組織を使用する').uncheck();
    await form.getByRole('button', { name: '保存する' }).click();
    const summary = await waitForText(page.getByTestId('error-summary'), 'この組織には所属職員または下位組織があります。');
    expect(await summary.textContent()).toContain('この組織を使用する');
    await form.getByRole('button', { name: 'キャンセル' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('unit-edit-centre-mine');
  });

  it('adds an area of a kind, attached to the new unit, and filters by kind', async () => {
    const page = admin.page;
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '区域管理' }).click();
    await page.getByRole('heading', { level: 1, name: '区域管理' }).waitFor();
    await page.getByRole('button', { name: '区域を追加する' }).click();
    const form = page.getByRole('form', { name: '区域を追加する' });
    await form.getByLabel('区域ID').fill('zone-e2e-1');
    await form.getByRole('combobox', { name: /^種類/ }).selectOption('commissioner-zone');
    await form.getByLabel('名称（日本語）').fill('試験 第1区');
    await form.getByLabel('担当する組織').selectOption('district-e2e');
    await form.getByLabel('説明').fill('ブラウザテストで作った区域');
    await form.getByRole('button', { name: '区域を登録する' }).click();
    await waitForText(page.getByRole('status'), '区域「試験 第1区」を登録しました。');
    const row = await waitForText(page.getByTestId('areas-table').locator('tr'), 'zone-e2e-1');
    expect(await row.textContent()).toContain('試験地区福祉の会');

    await page.getByRole('combobox', { name: '種類で絞り込む' }).selectOption('school-district');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL((u) => u.searchParams.get('kind') === 'school-district');
    await waitForText(page.getByTestId('areas-table').locator('tbody tr'), '小学校区');
    expect(await page.getByTestId('areas-table').locator('tbody tr').filter({ hasText: 'zone-e2e-1' }).count()).toBe(0);
  });

  it('edits an area', async () => {
    const page = admin.page;
    await page.goto('/admin/areas?kind=commissioner-zone');
    await page.getByRole('button', { name: '編集：試験 第1区' }).click();
    const form = page.getByRole('form', { name: '「試験 第1区」を編集' });
    await form.getByLabel('名称（英語）').fill('Test zone 1');
    await form.getByRole('button', { name: '保存する' }).click();
    await waitForText(page.getByRole('status'), '区域「試験 第1区」を保存しました。');
    await waitForText(page.getByTestId('areas-table').locator('tr'), 'zone-e2e-1');
  });

  it('adds a kind of area', async () => {
    const page = admin.page;
    await page.getByRole('button', { name: '区域の種類を追加する' }).click();
    const form = page.getByRole('form', { name: '区域の種類を追加する' });
    await form.getByLabel('種類コード').fill('salon-area');
    await form.getByLabel('種類の名称（日本語）').fill('サロン圏域');
    await form.getByRole('button', { name: '区域の種類を追加する' }).click();
    await waitForText(page.getByRole('status'), '区域の種類「サロン圏域」を登録しました。');
    await waitForText(page.locator('#area-kinds tr'), 'salon-area');
  });

  it('edits the consultation routing rules: a fixed-unit rule without a unit is refused at its cell, then saved', async () => {
    const page = admin.page;
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '振り分けルール' }).click();
    await page.getByRole('heading', { level: 1, name: '相談の振り分けルール' }).waitFor();
    const rows = page.getByTestId('routing-rules').locator(':scope > li');
    // The heading comes before the rules have loaded: wait for them, then count.
    await rows.nth(4).waitFor();
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(5);
    await expectAccessible(page, 'routing rules 1280');
    await page.getByRole('button', { name: 'ルールを追加' }).click();
    const added = rows.nth(before);
    await added.getByLabel('受付窓口').selectOption('agency');
    await added.getByLabel('決め方').selectOption('unit');
    await page.getByRole('button', { name: '保存する' }).click();
    await waitForText(page.getByTestId('error-summary'), `${before + 1}番目のルールの担当組織（固定のとき）`);
    await added.getByLabel('担当組織（固定のとき）').selectOption('hub');
    await page.getByRole('button', { name: '保存する' }).click();
    await waitForText(page.getByRole('status').filter({ hasText: '保存しました' }), '振り分けルールを保存しました。');
    await page.setViewportSize({ width: 360, height: 800 });
    await expectAccessible(page, 'routing rules 360');
    await expectNoHorizontalScroll(page, 'routing rules 360');
    await screenshot(page, 'routing-rules-360');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('creates a staff account whose role needs two-factor', async () => {
    const page = admin.page;
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '職員アカウント' }).click();
    await page.getByRole('heading', { level: 1, name: '職員アカウント' }).waitFor();
    await page.getByTestId('accounts-table').waitFor();
    await page.getByRole('button', { name: 'アカウントを作成する' }).click();
    const form = page.getByRole('form', { name: 'アカウントを作成する' });
    await form.getByLabel('ログインID').fill('e2e-csw');
    await form.getByLabel('氏名').fill('試験 花子');
    // A short password: the server's rule, shown next to the field.
    await form.getByLabel('初期パスワード').fill('short');
    await form.getByRole('group', { name: /役割/ }).getByLabel(/コミュニティソーシャルワーカー/).check();
    await form.getByRole('group', { name: /所属組織/ }).getByLabel('美祢地域福祉センター').check();
    await form.getByRole('button', { name: 'アカウントを作成する' }).click();
    await waitForText(page.getByTestId('error-summary'), 'パスワードは12文字以上にしてください。');
    expect(await form.getByLabel('初期パスワード').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('初期パスワード').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'アカウントを作成する' }).click();
    await waitForText(page.getByRole('status'), '「試験 花子」のアカウントを作成しました。');
    const row = await waitForText(page.getByTestId('accounts-table').locator('tbody tr'), 'e2e-csw');
    expect(await row.textContent()).toContain('美祢地域福祉センター');
    expect(await row.textContent()).toContain('未設定');
    // The CSW role reads personal data: a second administrator approves it (decision 0018).
    const second = await e2e.tenant.secondAdmin();
    const pending = (await second.get('/api/accounts/changes')).json().items as { id: string }[];
    expect(pending).toHaveLength(1);
    expect((await second.post(`/api/accounts/changes/${pending[0]!.id}/approve`)).statusCode).toBe(200);
  });

  it('the new account must change its first password, then enrol two-factor, then signs in with a code', async () => {
    const user = await e2e.openBrowser();
    const page = user.page;
    await page.goto('/login');
    await page.getByLabel('ログインID').fill('e2e-csw');
    await page.getByLabel('パスワード').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.getByRole('heading', { level: 1, name: 'アカウント設定' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    await page.locator('input[name="currentPassword"]').fill(NEW_PASSWORD);
    await page.locator('input[name="newPassword"]').fill(CHOSEN_PASSWORD);
    await page.locator('input[name="confirmPassword"]').fill(CHOSEN_PASSWORD);
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await page.getByRole('heading', { level: 1, name: '2段階認証の設定' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/enrol-totp');
    // Any other page leads back here until enrolment is done.
    await page.goto('/admin/units');
    await page.waitForURL((u) => u.pathname === '/enrol-totp');

    await page.getByRole('button', { name: '設定を始める' }).click();
    const qr = page.getByRole('img', { name: /QRコード/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await screenshot(page, 'enrol-totp-1280');
    await page.getByLabel('確認コード（6桁）').fill(await currentTotp(secret));
    await page.getByRole('button', { name: '設定を完了する' }).click();
    await page.getByRole('heading', { level: 1, name: 'ホーム' }).waitFor();
    await waitForText(page.locator('main'), '設定済み');

    await signOut(page);
    await page.getByLabel('ログインID').fill('e2e-csw');
    await page.getByLabel('パスワード').fill(CHOSEN_PASSWORD);
    await page.getByRole('button', { name: 'ログインする' }).click();
    const code = page.getByLabel('確認コード（6桁）');
    await code.waitFor();
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('totp');
    await screenshot(page, 'login-totp-1280');
    // The code of the next 30-second step: the one used to enrol cannot be replayed.
    await code.fill(await currentTotp(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.getByRole('heading', { level: 1, name: 'ホーム' }).waitFor();
    // A request the role may not make is refused, and audited as denied.
    expect((await page.request.get('/api/audit')).status()).toBe(403);
    await user.close();
  });

  it('city-admin resets the two-factor of the new account', async () => {
    const page = admin.page;
    await page.reload();
    await page.getByRole('button', { name: '編集：試験 花子' }).click();
    await page.getByRole('heading', { name: '「試験 花子」を編集' }).waitFor();
    await page.getByRole('button', { name: '2段階認証をリセットする' }).click();
    await page.getByRole('button', { name: 'リセットする', exact: true }).click();
    await waitForText(page.getByRole('status'), '2段階認証をリセットしました。');
    const row = await waitForText(page.getByTestId('accounts-table').locator('tbody tr'), 'e2e-csw');
    await waitForText(row, '未設定');
  });

  it('the auditor finds the events just made, with denials highlighted, and the chain verifies', async () => {
    await signOut(admin.page);
    const auditor = await e2e.openBrowser();
    const page = auditor.page;
    await signIn(page, 'auditor');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '監査ログ' }).click();
    await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
    const table = page.getByTestId('audit-table');
    // A unit or an area is named as people know it; its code is for those who administer units.
    const created = await waitForText(table.locator('tbody tr[data-action="unit.created"]'), '試験地区福祉の会');
    expect(await created.textContent()).toMatch(/city-admin/);
    expect(await created.textContent()).toContain('組織の登録');
    expect(await table.textContent()).not.toContain('district-e2e');
    await waitForText(table.locator('tbody tr[data-action="area.created"]'), '試験 第1区');
    // Times (the third column, after the event number and the chain seq) are in Japan time with the 和暦 date.
    expect(await created.locator('td').nth(2).textContent()).toMatch(/^令和\d+年\d+月\d+日 \d{2}:\d{2}$/);

    // The filters are lists of words, not codes to type.
    await page.getByLabel('操作', { exact: true }).selectOption({ label: '組織の変更' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL((u) => u.searchParams.get('action') === 'unit.updated');
    const updated = await waitForText(table.locator('tbody tr'), '試験地区福祉の会');
    expect(await updated.textContent()).toContain('組織の変更');

    await page.getByRole('button', { name: '条件をクリア' }).click();
    await page.getByLabel('結果').selectOption('denied');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL((u) => u.searchParams.get('outcome') === 'denied');
    const denied = await waitForText(table.locator('tbody tr'), 'e2e-csw');
    expect(await denied.getAttribute('data-outcome')).toBe('denied');
    expect(await denied.textContent()).toContain('拒否');
    expect(await denied.getAttribute('class')).toContain('bg-red-50');
    await screenshot(page, 'audit-denied-1280');

    await page.getByRole('button', { name: '改ざんがないか検証する' }).click();
    await waitForText(page.getByTestId('verify-result'), /検証しました：\d+ 件の記録に改ざんはありません。/);
    await auditor.close();
  });

  it('pages through the log with beforeId (the event number), and rows get their chain seq from the sealer', async () => {
    // More events than one page holds: each read of the staff list is audited.
    const agent = await e2e.tenant.login('city-admin');
    for (let i = 0; i < 60; i++) expect((await agent.get('/api/accounts')).statusCode).toBe(200);
    await sealAudit(e2e.tenant.db); // the background sealer would, within a second; here it is certain
    const auditor = await e2e.openBrowser();
    const page = auditor.page;
    await signIn(page, 'auditor');
    await open(page, '/audit', '監査ログ');
    const table = page.getByTestId('audit-table');
    await table.waitFor();
    const total = Number(((await page.getByTestId('audit-total').textContent()) ?? '').match(/該当 (\d+) 件/)?.[1]);
    expect(total).toBeGreaterThan(50);
    const firstId = Number(await table.locator('tbody tr td').first().textContent());
    await page.getByRole('button', { name: '古い記録へ' }).click();
    await page.waitForURL((u) => u.searchParams.has('beforeId'));
    const older = table.locator('tbody tr td:first-child');
    await waitForText(older, String(firstId - 50));
    expect(Number(await older.first().textContent())).toBeLessThan(firstId);
    // Sealed: each row shows its seq in the chain beside its event number.
    expect(await table.locator('tbody tr td:nth-child(2)').first().textContent()).toMatch(/^\d+$/);
    await page.getByRole('button', { name: '新しい記録へ' }).click();
    await page.waitForURL((u) => !u.searchParams.has('beforeId'));
    await auditor.close();
  });

  it('had no script error or Content-Security-Policy refusal', () => {
    expect(admin.problems).toEqual([]);
  });
});
