import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card, CardContent } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { requestContext } from '@/lib/request-context';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { getWarningSettings, toInput } from '@/lib/warnings/settings-service';
import { WarningSettingsForm } from './settings-form';
import { WeightsForm } from '../../assessment/weights-form';
import { assessmentSettingsOf } from '@/lib/assessment/assessment-settings';
import { CardHeader, CardTitle } from '@/components/ui/card';

export const metadata: Metadata = { title: '预警设置' };

export default async function SettingsPage() {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'settings.manage')) redirect('/');
  const values = toInput(await getWarningSettings(ctx.db, ownDistrictId(ctx.actor)));
  const assessment = await assessmentSettingsOf(ctx);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">预警设置</h1>
        <p className="text-sm text-muted-foreground">
          三类预警分别判断：报送（逾期未报、退回未重报）、进度（完成百分比落后序时进度）、指标（累计值落后序时进度；比率、同比增长低于目标、上限值超过目标，按相差的百分点计；完成与否类过完成时限未完成亮红灯）。
        </p>
      </div>
      <Card>
        <CardContent className="pt-4 md:pt-6">
          <WarningSettingsForm values={values} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">考核权重</CardTitle>
          <p className="text-sm text-muted-foreground">默认：按时报送 30、一次通过 20、预警情况 20、督办按时反馈 15、指标完成 15；已锁定月份的得分不受影响。</p>
        </CardHeader>
        <CardContent>
          <WeightsForm values={assessment} />
        </CardContent>
      </Card>
    </div>
  );
}
