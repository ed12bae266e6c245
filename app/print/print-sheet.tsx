import Link from 'next/link';
import { PrintButton } from '@/components/print-button';

/*
 * What the print pages share: an A4 sheet in the layout of an official document (GB/T 9704
 * margins) on a grey desk, a toolbar above it that is not printed, and the rules for paper. Each
 * page adds its own stylesheet (fonts, headings, its blocks and its phone layout) between the
 * shared rules and the paper rules, so that on paper the paper rules win.
 */
const SHEET_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
.print-root { min-height: 100vh; background: #e5e7eb; padding: 12px 8px 32px; }
.print-toolbar { max-width: 210mm; margin: 0 auto 12px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; font-size: 14px; }
.sheet {
  box-sizing: border-box; width: 210mm; max-width: 100%; min-height: 297mm; margin: 0 auto; padding: 37mm 26mm 35mm 28mm;
  background: #fff; color: #000; box-shadow: 0 1px 6px rgba(0,0,0,.15);
  font-size: 16pt; line-height: 28pt;
}
.sheet p { margin: 0; }
.sheet .para { text-indent: 2em; text-align: justify; }
.sheet .signature { margin-top: 36pt; text-align: right; padding-right: 2em; }
`;

const PAPER_CSS = `
@media print {
  html, body { background: #fff !important; }
  .no-print { display: none !important; }
  .print-root { background: none; padding: 0; min-height: 0; }
  .sheet { box-shadow: none; margin: 0; padding: 0; width: auto; max-width: none; min-height: 0; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** The page around a printable sheet: `back` leads to where the user came from, `actions` sit beside 打印. */
export function PrintPage({ css, back, actions, children }: { css: string; back: { href: string; label: string }; actions?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="print-root">
      <style>{SHEET_CSS + css + PAPER_CSS}</style>
      <div className="print-toolbar no-print">
        <Link href={back.href} className="text-primary underline-offset-2 hover:underline">
          {back.label}
        </Link>
        {actions ? (
          <div className="flex items-center gap-2">
            {actions}
            <PrintButton variant="default" />
          </div>
        ) : (
          <PrintButton variant="default" />
        )}
      </div>
      {children}
    </div>
  );
}
