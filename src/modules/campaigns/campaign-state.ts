/** A campaign's states (issue 19): draft → scheduled → running ⇄ paused → completed, or canceled from any but completed. */
export const CAMPAIGN_STATES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'canceled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/**
 * A recipient's: `pending` until the pump makes its message (`queued`, then the message's own
 * status counts), `suppressed` when the number is on the opt-out list (at import or when its turn
 * came), `error` when its message could not be made, `canceled` when the campaign was canceled first.
 */
export const RECIPIENT_STATES = ['pending', 'queued', 'suppressed', 'error', 'canceled'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

/** States from which `pause`, `resume` and `cancel` move a campaign. */
export const PAUSABLE: readonly CampaignState[] = ['scheduled', 'running'];
export const CANCELABLE: readonly CampaignState[] = ['draft', 'scheduled', 'running', 'paused'];
