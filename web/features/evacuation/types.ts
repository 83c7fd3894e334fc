/** PROVISIONAL until core/contracts/evacuation.ts lands (branch evac): the shapes the roll-call uses. */
export type CheckStatus = 'unconfirmed' | 'safe_home' | 'evacuated' | 'needs_rescue' | 'absent' | 'injured_or_dead';
export const CHECK_STATUSES: readonly CheckStatus[] = ['unconfirmed', 'safe_home', 'evacuated', 'needs_rescue', 'absent', 'injured_or_dead'];

export interface MyRegistrant {
  registrantId: string;
  name: string;
  address: string;
  phone: string | null;
  districtName: string;
  latest: { status: CheckStatus; at: string; shelterName?: string | null } | null;
}

export interface MyRegistrants {
  disaster: { id: string; name: string };
  shelters: { id: string; name: string }[];
  items: MyRegistrant[];
}

export const CHECK_STATUS_LABELS: Record<CheckStatus, { ja: string; en: string }> = {
  unconfirmed: { ja: '未確認', en: 'Not confirmed' },
  safe_home: { ja: '無事（在宅）', en: 'Safe (at home)' },
  evacuated: { ja: '避難所へ避難', en: 'Evacuated to a shelter' },
  needs_rescue: { ja: '要救助', en: 'Needs rescue' },
  absent: { ja: '不在', en: 'Not at home' },
  injured_or_dead: { ja: '負傷・死亡', en: 'Injured or dead' },
};

export interface DisasterSummary {
  id: string;
  name: string;
  startedAt: string;
  endedAt: string | null;
}
