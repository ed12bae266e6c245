'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { action } from '@/lib/actions/action-client';
import { viewDistrict, viewDistrictSchema } from '@/lib/districts/city-service';

/** 进入某区查看 / 返回全市: the city office's district in view, then that district's overview or the comparison. */
export const viewDistrictAction = action({
  // Posted by plain forms (the comparison's 查看, the header's 返回全市): the FormData is parsed by the schema.
  schema: z.unknown().pipe(viewDistrictSchema),
  permission: 'city.read',
  // Every page (and the header) reads the district in view: nothing prefetched before the choice may stay.
  revalidate: [['/', 'layout']],
  run: async (ctx, input) => {
    const result = await viewDistrict(ctx, input);
    // A district gone meanwhile: the comparison comes back as it is now.
    redirect(result.ok && input.district !== 'none' ? '/dashboard' : '/city');
  },
});
