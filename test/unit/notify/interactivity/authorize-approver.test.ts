import { describe, expect, it } from 'vitest';
import { authorizeApprover, type Approvers } from '../../../../src/notify/slack/interactivity/authorize-approver';
import { config } from '../../../support/builders';

const approvers = (input: Partial<Approvers>): Approvers => config({ remediation: { approvers: input } }).remediation.approvers;
const who = { userId: 'U0ZOE00001', userTeamId: 'T0ACME0001', channelId: 'C0ALERTS01' };

describe('authorizeApprover', () => {
  it('allows listed users anywhere', () => {
    expect(authorizeApprover(approvers({ slackUsers: ['U0ZOE00001'] }), who)).toEqual({ allowed: true, via: 'remediation.approvers.slackUsers' });
  });

  it('allows channel approvers only in their channel', () => {
    const a = approvers({ byChannel: { C0ALERTS01: ['U0ZOE00001'] } });
    expect(authorizeApprover(a, who)).toEqual({ allowed: true, via: 'remediation.approvers.byChannel.C0ALERTS01' });
    expect(authorizeApprover(a, { ...who, channelId: 'C0OTHER001' }).allowed).toBe(false);
  });

  it("allows a workspace's members by the user's own team, not the channel's (Slack Connect guests)", () => {
    const a = approvers({ slackTeams: ['T0ACME0001'] });
    expect(authorizeApprover(a, who)).toEqual({ allowed: true, via: 'remediation.approvers.slackTeams' });
    expect(authorizeApprover(a, { ...who, userTeamId: 'T0GUEST001' }).allowed).toBe(false);
    const { userTeamId: _t, ...noTeam } = who;
    expect(authorizeApprover(a, noTeam).allowed).toBe(false);
  });

  it('refuses everyone when no approvers are configured, saying what to configure', () => {
    const r = authorizeApprover(approvers({}), who);
    expect(r.allowed).toBe(false);
    if (r.allowed) return;
    expect(r.message).toContain('No approvers are configured yet');
    expect(r.message).toContain('`U0ZOE00001` to `remediation.approvers.slackUsers`');
    expect(r.message).toContain('`remediation.approvers.byChannel.C0ALERTS01`');
    expect(r.message).toContain('`T0ACME0001` to `remediation.approvers.slackTeams`');
  });

  it('does not claim the list is empty when someone else is allowed', () => {
    const r = authorizeApprover(approvers({ slackUsers: ['U0SOMEONE1'] }), who);
    expect(r.allowed === false && r.message).not.toContain('No approvers');
  });
});
