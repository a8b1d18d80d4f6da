import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { ConfirmModal } from '../components/confirm';
import { notifyDone } from '../components/notify';
import { PageHeader, ProblemAlert } from '../components/page';
import { graphql } from '../gql';
import type { ConsoleCampaignFieldsFragment } from '../gql/graphql';
import { CAMPAIGN_STATE_COLORS, formatTime, recipientsOf } from '../lib/format';
import { useCan } from '../lib/me';
import { problemOf, type Problem } from '../lib/problem';
import { download } from '../lib/rest';

graphql(`
  fragment ConsoleCampaignFields on Campaign {
    id
    name
    state
    templateId
    body
    defaults
    deviceId
    simSlot
    from
    startAt
    quietHours {
      start
      end
    }
    pace
    createdBy
    createdAt
    launchedAt
    finishedAt
    updatedAt
    counts {
      total
      pending
      queued
      sent
      delivered
      failed
      canceled
      suppressed
      invalid
      duplicates
      optedOut
      deliveryRate
    }
  }
`);

const Phones = graphql(`
  query ConsoleCampaignPhones {
    devices {
      id
      name
    }
  }
`);

const CampaignQuery = graphql(`
  query ConsoleCampaign($id: ID!) {
    campaign(id: $id) {
      ...ConsoleCampaignFields
    }
  }
`);

const Progress$ = graphql(`
  subscription ConsoleCampaignProgress($id: ID!) {
    campaignProgress(id: $id) {
      ...ConsoleCampaignFields
    }
  }
`);

const Launch = graphql(`
  mutation ConsoleLaunchCampaign($input: CampaignIdInput!) {
    launchCampaign(input: $input) {
      ...ConsoleCampaignFields
    }
  }
`);

const Pause = graphql(`
  mutation ConsolePauseCampaign($input: CampaignIdInput!) {
    pauseCampaign(input: $input) {
      ...ConsoleCampaignFields
    }
  }
`);

const Resume = graphql(`
  mutation ConsoleResumeCampaign($input: CampaignIdInput!) {
    resumeCampaign(input: $input) {
      ...ConsoleCampaignFields
    }
  }
`);

const Cancel = graphql(`
  mutation ConsoleCancelCampaign($input: CampaignIdInput!) {
    cancelCampaign(input: $input) {
      ...ConsoleCampaignFields
    }
  }
`);

type Campaign = ConsoleCampaignFieldsFragment;

/** The parts of the bar, in the order a message moves through them. */
const SECTIONS = [
  { key: 'delivered', label: 'delivered', color: 'green.7' },
  { key: 'sent', label: 'sent', color: 'cyan.6' },
  { key: 'queued', label: 'queued', color: 'blue.5' },
  { key: 'failed', label: 'failed', color: 'red.7' },
  { key: 'canceled', label: 'canceled', color: 'gray.5' },
] as const;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children ?? '—'}
      </Text>
    </div>
  );
}

function Count({ label, value, hint }: { label: string; value: number | string; hint?: string }) {
  return (
    <Paper withBorder px="sm" py="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={`count-${label}`}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function ProgressBar({ campaign }: { campaign: Campaign }) {
  const recipients = recipientsOf(campaign.counts);
  return (
    <Stack gap={6}>
      <Progress.Root size={18} aria-label="Progress">
        {SECTIONS.map(({ key, label, color }) => {
          const value = campaign.counts[key];
          return value > 0 && recipients > 0 ? (
            <Progress.Section
              key={key}
              value={(value / recipients) * 100}
              color={color}
              aria-label={`${value} ${label}`}
              title={`${value} ${label}`}
            />
          ) : null;
        })}
      </Progress.Root>
      <Group gap="md">
        {SECTIONS.map(({ key, label, color }) => (
          <Group key={key} gap={6}>
            <span
              aria-hidden
              style={{
                width: 10,
                height: 10,
                borderRadius: 2,
                background: `var(--mantine-color-${color.replace('.', '-')})`,
                display: 'inline-block',
              }}
            />
            <Text size="xs">
              {label} {campaign.counts[key]}
            </Text>
          </Group>
        ))}
        <Text size="xs">waiting {campaign.counts.pending}</Text>
      </Group>
    </Stack>
  );
}

function quietText(q: Campaign['quietHours']): string {
  return q ? `${q.start} to ${q.end}, in each recipient's time zone` : 'none';
}

/** Pause, resume, launch and cancel, as the campaign's state allows. */
function Actions({ campaign, onChanged }: { campaign: Campaign; onChanged: (c: Campaign) => void }) {
  const [launch, doLaunch] = useMutation(Launch);
  const [pause, doPause] = useMutation(Pause);
  const [resume, doResume] = useMutation(Resume);
  const [cancel, doCancel] = useMutation(Cancel);
  const [canceling, setCanceling] = useState(false);
  const [cancelProblem, setCancelProblem] = useState<Problem>();
  const problem = problemOf(launch.error ?? pause.error ?? resume.error);
  const input = { input: { id: campaign.id } };
  const done = (c: Campaign | undefined, message: string) => {
    if (!c) return;
    notifyDone(message);
    onChanged(c);
  };
  const { state } = campaign;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {state === 'draft' && (
          <Button
            loading={launch.fetching}
            onClick={() => void doLaunch(input).then((r) => done(r.data?.launchCampaign, 'Campaign launched'))}
          >
            Launch
          </Button>
        )}
        {(state === 'running' || state === 'scheduled') && (
          <Button
            variant="default"
            loading={pause.fetching}
            onClick={() => void doPause(input).then((r) => done(r.data?.pauseCampaign, 'Campaign paused'))}
          >
            Pause
          </Button>
        )}
        {state === 'paused' && (
          <Button
            loading={resume.fetching}
            onClick={() => void doResume(input).then((r) => done(r.data?.resumeCampaign, 'Campaign resumed'))}
          >
            Resume
          </Button>
        )}
        {['draft', 'scheduled', 'running', 'paused'].includes(state) && (
          <Button
            variant="outline"
            color="red.9"
            onClick={() => {
              setCancelProblem(undefined);
              setCanceling(true);
            }}
          >
            Cancel campaign
          </Button>
        )}
      </Group>
      <ProblemAlert problem={problem} />
      {canceling && (
        <ConfirmModal
          title={`Cancel ${campaign.name}?`}
          confirmLabel="Cancel campaign"
          busy={cancel.fetching}
          problem={cancelProblem}
          onClose={() => setCanceling(false)}
          onConfirm={() => {
            void doCancel(input).then((r) => {
              setCancelProblem(problemOf(r.error));
              if (r.data) {
                setCanceling(false);
                done(r.data.cancelCampaign, 'Campaign canceled');
              }
            });
          }}
        >
          Recipients still waiting get nothing, and messages not yet handed to a phone or carrier are canceled. Messages
          already sent still arrive. A canceled campaign cannot be started again.
        </ConfirmModal>
      )}
    </Stack>
  );
}

function Downloads({ campaign }: { campaign: Campaign }) {
  const [busy, setBusy] = useState<'results' | 'errors'>();
  const [problem, setProblem] = useState<Problem>();
  const slug = campaign.name.replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '') || 'campaign';
  const get = async (what: 'results' | 'errors') => {
    setBusy(what);
    setProblem(undefined);
    setProblem(
      what === 'results'
        ? await download(`/v1/campaigns/${campaign.id}/results`, `${slug}-results.csv`)
        : await download(`/v1/campaigns/${campaign.id}/recipients/errors`, `${slug}-refused-rows.csv`),
    );
    setBusy(undefined);
  };
  const refused = campaign.counts.invalid + campaign.counts.duplicates;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button variant="default" loading={busy === 'results'} onClick={() => void get('results')}>
          Download results (CSV)
        </Button>
        <Button variant="default" loading={busy === 'errors'} onClick={() => void get('errors')}>
          Download refused rows (CSV){refused > 0 ? ` · ${refused}` : ''}
        </Button>
      </Group>
      <ProblemAlert problem={problem} title="The file could not be downloaded" />
    </Stack>
  );
}

export default function CampaignPage() {
  const { id = '' } = useParams();
  const canSend = useCan('messages:send');
  const [{ data, error }] = useQuery({ query: CampaignQuery, variables: { id } });
  const canSeePhones = useCan('devices:read');
  const [phones] = useQuery({ query: Phones, pause: !canSeePhones });
  const [progress] = useSubscription({ query: Progress$, variables: { id }, pause: !data });
  // The newest of what the page has heard: the first read, each progress event, an action's answer.
  const [latest, setLatest] = useState<Campaign>();
  useEffect(() => {
    if (data?.campaign) setLatest(data.campaign);
  }, [data]);
  useEffect(() => {
    if (progress.data?.campaignProgress) setLatest(progress.data.campaignProgress);
  }, [progress.data]);

  const c = latest;
  const problem = problemOf(error);
  const recipients = c ? recipientsOf(c.counts) : 0;
  const skipped = c ? c.counts.suppressed + c.counts.invalid + c.counts.duplicates : 0;
  const rate = c?.counts.deliveryRate;

  return (
    <>
      <PageHeader
        title="Campaign"
        actions={
          <Anchor component={Link} to="/campaigns">
            All campaigns
          </Anchor>
        }
      />
      <Stack>
        {problem && <ProblemAlert problem={problem} title="The campaign could not be loaded" />}
        {!c && !problem && <Loader aria-label="Loading the campaign" />}
        {c && (
          <>
            <Card withBorder>
              <Stack>
                <Group justify="space-between" align="flex-start">
                  <Group gap="sm">
                    <Title order={3} size="h4" style={{ overflowWrap: 'anywhere' }}>
                      {c.name}
                    </Title>
                    <Badge color={CAMPAIGN_STATE_COLORS[c.state] ?? 'gray'} size="lg" data-testid="campaign-state">
                      {c.state}
                    </Badge>
                  </Group>
                  {canSend && <Actions campaign={c} onChanged={setLatest} />}
                </Group>
                <Text size="sm" c="dimmed" aria-live="polite">
                  {c.counts.delivered} of {recipients} recipient{recipients === 1 ? '' : 's'} delivered
                  {rate !== null && rate !== undefined ? ` · delivery rate ${Math.round(rate * 100)}%` : ''}
                  {c.state === 'running' ? ' · live' : ''}
                </Text>
                <ProgressBar campaign={c} />
                <SimpleGrid cols={{ base: 2, xs: 4, lg: 8 }} spacing="xs">
                  <Count label="Recipients" value={recipients} hint={`of ${c.counts.total} rows`} />
                  <Count label="Waiting" value={c.counts.pending} />
                  <Count label="Queued" value={c.counts.queued} />
                  <Count label="Sent" value={c.counts.sent} />
                  <Count label="Delivered" value={c.counts.delivered} />
                  <Count label="Failed" value={c.counts.failed} />
                  <Count label="Canceled" value={c.counts.canceled} />
                  <Count label="Opted out" value={c.counts.optedOut} hint="replied STOP" />
                </SimpleGrid>
                <Stack gap={6}>
                  <Text size="sm" fw={600}>
                    Skipped: {skipped}
                  </Text>
                  <SimpleGrid cols={3} spacing="xs" maw={560}>
                    <Count label="Suppressed" value={c.counts.suppressed} hint="opt-out list" />
                    <Count label="Invalid" value={c.counts.invalid} hint="number or text" />
                    <Count label="Duplicates" value={c.counts.duplicates} hint="earlier line" />
                  </SimpleGrid>
                </Stack>
                <Downloads campaign={c} />
              </Stack>
            </Card>
            <Card withBorder>
              <Title order={3} size="h5" mb="sm">
                Settings
              </Title>
              <Text
                size="sm"
                mb="md"
                p="sm"
                bg="var(--mantine-color-gray-0)"
                style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', borderRadius: 'var(--mantine-radius-md)' }}
              >
                {c.body}
              </Text>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Field label="Template">
                  {c.templateId ? (
                    canSend ? (
                      <Anchor component={Link} to={`/templates?template=${c.templateId}`}>
                        Open the template
                      </Anchor>
                    ) : (
                      'yes'
                    )
                  ) : (
                    'own text'
                  )}
                </Field>
                <Field label="Defaults">
                  {Object.keys(c.defaults).length > 0
                    ? Object.entries(c.defaults)
                        .map(([k, v]) => `${k} = ${String(v)}`)
                        .join(', ')
                    : 'none'}
                </Field>
                <Field label="Pace">{c.pace ? `${c.pace} per minute` : 'as fast as the phones take them'}</Field>
                <Field label="Quiet hours">{quietText(c.quietHours)}</Field>
                <Field label="Start">{c.startAt ? formatTime(c.startAt) : 'at launch'}</Field>
                <Field label="Phone">
                  {c.deviceId
                    ? `${phones.data?.devices.find((d) => d.id === c.deviceId)?.name ?? c.deviceId}${
                        c.simSlot !== null && c.simSlot !== undefined ? ` (SIM ${c.simSlot})` : ''
                      }`
                    : 'by the routing rules'}
                </Field>
                <Field label="Created">{formatTime(c.createdAt)}</Field>
                <Field label="Launched">{formatTime(c.launchedAt)}</Field>
                <Field label="Finished">{formatTime(c.finishedAt)}</Field>
              </SimpleGrid>
            </Card>
          </>
        )}
      </Stack>
    </>
  );
}
