import { Anchor, Badge, Button, Grid, Group, MultiSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { PageHeader, ProblemAlert } from '../components/page';
import { graphql } from '../gql';
import { formatTime, STATUS_COLORS } from '../lib/format';
import { problemOf } from '../lib/problem';

export const MESSAGE_STATUSES = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'rejected',
  'failed',
  'expired',
  'canceled',
];
const PAGE_SIZE = 25;

const Messages = graphql(`
  query ConsoleMessages($first: Int, $after: String, $status: [String!], $to: String, $since: String, $until: String) {
    messages(first: $first, after: $after, status: $status, to: $to, since: $since, until: $until) {
      edges {
        node {
          id
          to
          body
          status
          segments
          createdAt
          deviceId
          errorCode
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const StatusChanges = graphql(`
  subscription ConsoleMessageStatuses {
    messageStatusChanged {
      messageId
      status
      errorCode
    }
  }
`);

/** A datetime-local value (the reader's time) as the ISO instant the API takes. */
const toInstant = (local: string) => (local ? new Date(local).toISOString() : null);

export default function MessagesPage() {
  const [params, setParams] = useSearchParams();
  const status = params.getAll('status');
  const to = params.get('to') ?? '';
  const since = params.get('since') ?? '';
  const until = params.get('until') ?? '';
  // Cursors of the pages before this one, so "Previous" walks back the way it came.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [draft, setDraft] = useState({ status, to, since, until });

  const [{ data, error, fetching }] = useQuery({
    query: Messages,
    variables: {
      first: PAGE_SIZE,
      after,
      status: status.length > 0 ? status : null,
      to: to || null,
      since: toInstant(since),
      until: toInstant(until),
    },
  });
  const [changes] = useSubscription({ query: StatusChanges });
  const [live, setLive] = useState<Record<string, { status: string; errorCode?: string | null }>>({});
  useEffect(() => {
    const event = changes.data?.messageStatusChanged;
    if (event) setLive((s) => ({ ...s, [event.messageId]: { status: event.status, errorCode: event.errorCode } }));
  }, [changes.data]);

  const problem = problemOf(error);
  const rows = data?.messages.edges.map((e) => e.node) ?? [];
  const pageInfo = data?.messages.pageInfo;

  const apply = () => {
    const next = new URLSearchParams();
    for (const s of draft.status) next.append('status', s);
    if (draft.to.trim()) next.set('to', draft.to.trim());
    if (draft.since) next.set('since', draft.since);
    if (draft.until) next.set('until', draft.until);
    setCursors([null]);
    setParams(next);
  };

  return (
    <>
      <PageHeader title="Messages" />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <Grid align="flex-end" mb="md">
          <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
            <MultiSelect
              label="Status"
              placeholder="Any"
              data={MESSAGE_STATUSES}
              value={draft.status}
              onChange={(value) => setDraft((d) => ({ ...d, status: value }))}
              clearable
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
            <TextInput
              label="Recipient"
              placeholder="+4915123456789"
              value={draft.to}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setDraft((d) => ({ ...d, to: value }));
              }}
              error={problem?.fields.to}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, lg: 2 }}>
            <TextInput
              type="datetime-local"
              label="From"
              value={draft.since}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setDraft((d) => ({ ...d, since: value }));
              }}
              error={problem?.fields.since}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, lg: 2 }}>
            <TextInput
              type="datetime-local"
              label="Until"
              value={draft.until}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setDraft((d) => ({ ...d, until: value }));
              }}
              error={problem?.fields.until}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 2 }}>
            <Button type="submit" fullWidth>
              Apply filters
            </Button>
          </Grid.Col>
        </Grid>
      </form>
      <Stack>
        <ProblemAlert problem={problem} />
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover aria-label="Messages" aria-busy={fetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Created</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Message</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Parts</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => {
                const now = live[m.id] ?? { status: m.status, errorCode: m.errorCode };
                return (
                  <Table.Tr key={m.id} data-message-id={m.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/messages/${m.id}`}>
                        {formatTime(m.createdAt)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{m.to}</Table.Td>
                    <Table.Td maw={320}>
                      <Text size="sm" lineClamp={1}>
                        {m.body}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[now.status] ?? 'gray'} data-testid="status">
                        {now.status}
                      </Badge>
                      {now.errorCode && (
                        <Text size="xs" c="dimmed">
                          {now.errorCode}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{m.segments}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {data && rows.length === 0 && <Text c="dimmed">No messages match.</Text>}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Page {cursors.length}
          </Text>
          <Group>
            <Button variant="default" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous page
            </Button>
            <Button
              variant="default"
              disabled={!pageInfo?.hasNextPage}
              onClick={() => pageInfo?.endCursor && setCursors((c) => [...c, pageInfo.endCursor ?? null])}
            >
              Next page
            </Button>
          </Group>
        </Group>
      </Stack>
    </>
  );
}
