import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ForbiddenError } from '@/lib/errors';
import { getNotice, type NoticeDetail } from '@/lib/notices/notice-views';
import { chineseDate, NOTICE_LEVEL_LABELS } from '@/lib/notices/schemas';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { requestContext } from '@/lib/request-context';
import { PrintPage } from '../../print-sheet';

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: '督办通知（打印）' };

/*
 * A4 in the layout of an official document (../../print-sheet.tsx): red title and issuing organ (the
 * notice's district's 督查室, districts.officeName), the number under them and a red rule, the
 * addressees, the body in 仿宋, the organ and date at the right. Outside the (app) layout, so no
 * navigation is printed; login and the notice's read rules still apply.
 */
const CSS = `
.sheet { font-family: "FangSong", "FangSong_GB2312", "STFangsong", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
.sheet .heading { font-family: "FZXiaoBiaoSong-B05S", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; color: #d40000; text-align: center; margin: 0; font-weight: 700; }
.sheet .doc-title { font-size: 30pt; line-height: 1.3; letter-spacing: .15em; }
.sheet .doc-org { font-size: 20pt; line-height: 1.5; margin-top: 6pt; letter-spacing: .05em; }
.sheet .doc-no { text-align: center; margin: 14pt 0 4pt; font-family: "FangSong", "STFangsong", "SimSun", "Songti SC", "Noto Serif CJK SC", serif; }
.sheet .red-rule { border: 0; border-top: 2px solid #d40000; margin: 0 0 8pt; }
.sheet .level { text-align: right; color: #d40000; margin: 0; font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 14pt; }
.sheet .section { text-indent: 2em; font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-weight: normal; font-size: 16pt; margin: 0; }
.sheet .addressee { margin-top: 14pt; }
@media (max-width: 640px) {
  .sheet { min-height: 0; padding: 28px 18px; font-size: 16px; line-height: 1.9; }
  .sheet .doc-title { font-size: 28px; }
  .sheet .doc-org { font-size: 19px; }
  .sheet .level, .sheet .section { font-size: 16px; }
}
`;

function Paragraphs({ text, testId }: { text: string; testId?: string }) {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    <div data-testid={testId}>
      {lines.map((line, i) => (
        <p key={i} className="para">
          {line}
        </p>
      ))}
    </div>
  );
}

function monthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

export default async function PrintNoticePage({ params }: Props) {
  const raw = (await params).id;
  if (!/^\d{1,9}$/.test(raw)) notFound();
  const ctx = await requestContext();
  let notice: NoticeDetail | null;
  try {
    notice = await getNotice(ctx, Number(raw));
  } catch (err) {
    if (err instanceof ForbiddenError) redirect('/');
    throw err;
  }
  if (!notice) notFound();
  const addressees = notice.addressees.map((u) => u.name).join('、');

  return (
    <PrintPage css={CSS} back={{ href: `/notices/${notice.id}`, label: '← 返回督办单' }}>
      <article className="sheet" aria-label="督办通知">
        <header>
          <h1 className="heading doc-title">督 办 通 知</h1>
          <p className="heading doc-org">{notice.issuer}</p>
        </header>
        <p className="doc-no" data-testid="print-no">
          {notice.no}
        </p>
        <hr className="red-rule" />
        {notice.level !== 'hint' && <p className="level">【{NOTICE_LEVEL_LABELS[notice.level]}】</p>}
        <p className="addressee" data-testid="print-addressee">
          {addressees}：
        </p>
        <p className="para">
          根据区政府督查工作安排，现就《{notice.task.planTitle}》第{notice.task.no}项任务“{notice.task.title}”推进中存在的问题予以督办。有关事项通知如下：
        </p>
        <h2 className="section">一、存在问题</h2>
        <Paragraphs text={notice.problem} testId="print-problem" />
        <h2 className="section">二、整改要求</h2>
        <Paragraphs text={notice.requirement} testId="print-requirement" />
        <h2 className="section">三、办理时限</h2>
        <p className="para">{chineseDate(notice.dueDate)}前完成整改。</p>
        {notice.originalDueDate && <p className="para">（办理时限原定{chineseDate(notice.originalDueDate)}，经批准延期至{chineseDate(notice.dueDate)}。）</p>}
        <p className="para" data-testid="print-closing">
          请于{monthDay(notice.dueDate)}前将整改情况报送区政府督查室。
        </p>
        <div className="signature">
          <p>{notice.issuer}</p>
          <p data-testid="print-date">{chineseDate(shanghaiDate(notice.issuedAt))}</p>
        </div>
      </article>
    </PrintPage>
  );
}
