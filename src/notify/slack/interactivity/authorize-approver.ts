import type { WatchdogConfig } from '../../../config/schema';

export type Approvers = WatchdogConfig['remediation']['approvers'];

export interface Clicker {
  userId: string;
  /** `user.team_id`: the user's own workspace. */
  userTeamId?: string;
  channelId: string;
}

export type ApproverCheck = { allowed: true; via: string } | { allowed: false; message: string };

/**
 * May this Slack user act on an alert in this channel? Allowed by user id (slackUsers), by channel
 * (byChannel[channel]) or by workspace (slackTeams). Button values are never trusted for this (cloud-api-reference
 * 5.2): only the signed payload's user and channel count.
 *
 * Workspaces are matched on `user.team_id`, never on `team.id`: in a Slack Connect channel a guest from another
 * organisation clicks in OUR workspace (team.id is ours) while user.team_id is theirs, and must not inherit our
 * workspace's permission.
 */
export function authorizeApprover(approvers: Approvers, who: Clicker): ApproverCheck {
  if (approvers.slackUsers.includes(who.userId)) return { allowed: true, via: 'remediation.approvers.slackUsers' };
  if (approvers.byChannel[who.channelId]?.includes(who.userId)) {
    return { allowed: true, via: `remediation.approvers.byChannel.${who.channelId}` };
  }
  if (who.userTeamId && approvers.slackTeams.includes(who.userTeamId)) return { allowed: true, via: 'remediation.approvers.slackTeams' };
  return { allowed: false, message: refusalMessage(approvers, who) };
}

/** Says exactly what to configure; ids are Slack's own (no escaping needed: [A-Z0-9]). */
function refusalMessage(approvers: Approvers, who: Clicker): string {
  const nobody =
    approvers.slackUsers.length === 0 && approvers.slackTeams.length === 0 && Object.keys(approvers.byChannel).length === 0;
  const options = [
    `add your user id \`${who.userId}\` to \`remediation.approvers.slackUsers\` (any alert)`,
    `or to \`remediation.approvers.byChannel.${who.channelId}\` (alerts in this channel)`,
    ...(who.userTeamId ? [`or your workspace \`${who.userTeamId}\` to \`remediation.approvers.slackTeams\``] : []),
  ];
  return [
    `:lock: You are not allowed to act on ml-watchdog alerts, so nothing was done.`,
    nobody ? 'No approvers are configured yet (`remediation.approvers` is empty).' : '',
    `Ask whoever deploys ml-watchdog to ${options.join(', ')} in watchdog.config.yaml.`,
  ]
    .filter(Boolean)
    .join(' ');
}
