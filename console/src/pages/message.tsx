import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { PageHeader, ProblemAlert } from '../components/page';
import { graphql } from '../gql';
import { formatTime, STATUS_COLORS } from '../lib/format';
import { useCan } from '../lib/me';
import { problemOf } from '../lib/problem';

const Message = graphql(`
  query ConsoleMessage($id: ID!) {
    message(id: $id) {
      id
      to
      from
      body
      status
      segments
      encoding
      priority
      attempts
      deviceId
      carrierId
      routeId
      simSlot
      errorCode
      errorMessage
      clientReference
      campaignId
      sentBy
      createdAt
      sendAt
      sentAt
      deliveredAt
      expiresAt
      events {
        status
        at
        source
        attempt
        deviceId
        carrierId
        errorCode
        errorMessage
      }
    }
  }
`);

const Changes = graphql(`
  subscription ConsoleOneMessage($id: ID!) {
    messageStatusChanged(messageId: $id) {
      messageId
      status
    }
  }
`);

const Cancel = graphql(`
  mutation ConsoleCancel($input: CancelMessageInput!) {
    cancelMessage(input: $input) {
      id
      status
    }
  }
`);

const Redrive = graphql(`
  mutation ConsoleRedrive($input: RetryMessageInput!) {
    retryMessage(input: $input) {
      id
      status
    }
  }
`);

const CANCELABLE = ['scheduled', 'queued'];

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

export default function MessagePage() {
  const { id = '' } = useParams();
  const canSend = useCan('messages:send');
  const isAdmin = useCan('admin');
  const [{ data, error }, refetch] = useQuery({ query: Message, variables: { id } });
  const [changes] = useSubscription({ query: Changes, variables: { id } });
  const [cancel, doCancel] = useMutation(Cancel);
  const [redrive, doRedrive] = useMutation(Redrive);
  useEffect(() => {
    if (changes.data) refetch({ requestPolicy: 'network-only' });
  }, [changes.data, refetch]);

  const m = data?.message;
  const problem = problemOf(cancel.error ?? redrive.error) ?? problemOf(error);
  const events = [...(m?.events ?? [])].sort((a, b) => a.at.localeCompare(b.at));

  return (
    <>
      <PageHeader
        title="Message"
        actions={
          <Anchor component={Link} to="/messages">
            All messages
          </Anchor>
        }
      />
      <Stack>
        <ProblemAlert problem={problem} />
        {m && (
          <>
            <Card withBorder>
              <Group justify="space-between" mb="sm">
                <Group>
                  <Text fw={700}>{m.to}</Text>
                  <Badge color={STATUS_COLORS[m.status] ?? 'gray'} data-testid="message-status">
                    {m.status}
                  </Badge>
                </Group>
                <Group>
                  {canSend && CANCELABLE.includes(m.status) && (
                    <Button
                      color="red"
                      variant="light"
                      loading={cancel.fetching}
                      onClick={() => {
                        void doCancel({ input: { id: m.id } }).then((r) => {
                          if (r.data) notifications.show({ color: 'green', message: 'Message canceled' });
                        });
                      }}
                    >
                      Cancel message
                    </Button>
                  )}
                  {isAdmin && m.status === 'failed' && (
                    <Button
                      variant="light"
                      loading={redrive.fetching}
                      onClick={() => {
                        void doRedrive({ input: { id: m.id } }).then((r) => {
                          if (r.data) notifications.show({ color: 'green', message: 'Queued again' });
                        });
                      }}
                    >
                      Re-drive
                    </Button>
                  )}
                </Group>
              </Group>
              <Text mb="md" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {m.body}
              </Text>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Field label="Segments">
                  {m.segments} ({m.encoding})
                </Field>
                <Field label="Priority">{m.priority}</Field>
                <Field label="Attempts">{m.attempts}</Field>
                <Field label="From">{m.from}</Field>
                <Field label="Phone">{m.deviceId}</Field>
                <Field label="SIM slot">{m.simSlot}</Field>
                <Field label="Carrier">{m.carrierId}</Field>
                <Field label="Route">{m.routeId}</Field>
                <Field label="Sent by">
                  {m.campaignId ? (
                    <Anchor component={Link} to={`/campaigns/${m.campaignId}`}>
                      campaign
                    </Anchor>
                  ) : (
                    m.sentBy
                  )}
                </Field>
                <Field label="Your reference">{m.clientReference}</Field>
                <Field label="Created">{formatTime(m.createdAt)}</Field>
                <Field label="Send at">{formatTime(m.sendAt)}</Field>
                <Field label="Sent">{formatTime(m.sentAt)}</Field>
                <Field label="Delivered">{formatTime(m.deliveredAt)}</Field>
                <Field label="Expires">{formatTime(m.expiresAt)}</Field>
                {m.errorCode && (
                  <Field label="Error">
                    {m.errorCode}
                    {m.errorMessage ? `: ${m.errorMessage}` : ''}
                  </Field>
                )}
              </SimpleGrid>
            </Card>
            <Card withBorder>
              <Title order={3} size="h5" mb="md">
                Timeline
              </Title>
              <Timeline active={events.length - 1} bulletSize={14} lineWidth={2} aria-label="Events">
                {events.map((e, i) => (
                  <Timeline.Item key={`${e.at}-${i}`} title={`${e.status} (attempt ${e.attempt})`}>
                    <Text size="xs" c="dimmed">
                      {formatTime(e.at)} · by {e.source}
                      {e.deviceId ? ` · phone ${e.deviceId}` : ''}
                      {e.carrierId ? ` · carrier ${e.carrierId}` : ''}
                    </Text>
                    {e.errorCode && (
                      <Text size="sm">
                        {e.errorCode}
                        {e.errorMessage ? `: ${e.errorMessage}` : ''}
                      </Text>
                    )}
                  </Timeline.Item>
                ))}
              </Timeline>
            </Card>
          </>
        )}
      </Stack>
    </>
  );
}
