import {
  Anchor,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Textarea,
  UnstyledButton,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { PageHeader, ProblemAlert } from '../components/page';
import { graphql } from '../gql';
import { formatTime, STATUS_COLORS } from '../lib/format';
import { useCan } from '../lib/me';
import { problemOf } from '../lib/problem';

const Threads = graphql(`
  query ConsoleThreads($number: String, $after: String) {
    conversations(first: 30, number: $number, after: $after) {
      edges {
        node {
          number
          lastMessageAt
          lastBody
          lastDirection
          unread
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const Thread = graphql(`
  query ConsoleThread($number: String!, $after: String) {
    conversation(number: $number) {
      number
      unread
      messages(first: 50, after: $after) {
        edges {
          node {
            id
            direction
            body
            status
            errorCode
            at
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const MarkRead = graphql(`
  mutation ConsoleMarkRead($input: MarkConversationReadInput!) {
    markConversationRead(input: $input) {
      number
      unread
    }
  }
`);

const Reply = graphql(`
  mutation ConsoleReply($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      status
    }
  }
`);

const Arrivals = graphql(`
  subscription ConsoleConversationUpdated {
    conversationUpdated {
      number
      messageId
    }
  }
`);

const Statuses = graphql(`
  subscription ConsoleThreadStatuses {
    messageStatusChanged {
      messageId
      status
    }
  }
`);

function ThreadList({ current }: { current?: string }) {
  const [search, setSearch] = useState('');
  const [{ data }, refetch] = useQuery({ query: Threads, variables: { number: search.trim() || null } });
  const [arrivals] = useSubscription({ query: Arrivals });
  useEffect(() => {
    if (arrivals.data) refetch({ requestPolicy: 'network-only' });
  }, [arrivals.data, refetch]);
  const threads = data?.conversations.edges.map((e) => e.node) ?? [];
  return (
    <Stack gap="xs">
      <TextInput
        label="Find a number"
        placeholder="+49…"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
      />
      {threads.length === 0 && <Text c="dimmed">No conversations yet.</Text>}
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Conversations">
        {threads.map((t) => (
          <li key={t.number}>
            <UnstyledButton
              component={Link}
              to={`/conversations/${encodeURIComponent(t.number)}`}
              aria-current={t.number === current ? 'true' : undefined}
              p="xs"
              w="100%"
              display="block"
              style={{
                borderRadius: 'var(--mantine-radius-md)',
                background: t.number === current ? 'var(--mantine-color-indigo-0)' : undefined,
              }}
            >
              <Group justify="space-between" wrap="nowrap">
                <Text fw={t.unread > 0 ? 700 : 500}>{t.number}</Text>
                {t.unread > 0 && (
                  <Badge variant="filled" color="indigo.8" aria-label={`${t.unread} unread`}>
                    {t.unread}
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed" lineClamp={1}>
                {t.lastDirection === 'outbound' ? 'You: ' : ''}
                {t.lastBody}
              </Text>
              <Text size="xs" c="dimmed">
                {formatTime(t.lastMessageAt)}
              </Text>
            </UnstyledButton>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

function ThreadView({ number }: { number: string }) {
  const canSend = useCan('messages:send');
  const [{ data }, refetch] = useQuery({ query: Thread, variables: { number } });
  const [, markRead] = useMutation(MarkRead);
  const [reply, sendReply] = useMutation(Reply);
  const [body, setBody] = useState('');
  const [arrivals] = useSubscription({ query: Arrivals });
  const [statuses] = useSubscription({ query: Statuses });
  const [live, setLive] = useState<Record<string, string>>({});
  const unread = data?.conversation?.unread ?? 0;

  useEffect(() => {
    if (arrivals.data?.conversationUpdated.number === number) refetch({ requestPolicy: 'network-only' });
  }, [arrivals.data, number, refetch]);
  useEffect(() => {
    const event = statuses.data?.messageStatusChanged;
    if (event) setLive((s) => ({ ...s, [event.messageId]: event.status }));
  }, [statuses.data]);
  // Opening a thread (or a new SMS arriving in the open one) marks it read.
  useEffect(() => {
    if (unread > 0) void markRead({ input: { number } });
  }, [unread, number, markRead]);

  const messages = [...(data?.conversation?.messages.edges.map((e) => e.node) ?? [])].reverse();
  const problem = problemOf(reply.error);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={700} size="lg" component="h3" m={0}>
          {number}
        </Text>
        <Anchor component={Link} to="/conversations" hiddenFrom="md">
          All conversations
        </Anchor>
      </Group>
      <Paper withBorder p="sm">
        <ScrollArea.Autosize mah={480}>
          <Stack gap="xs" aria-label={`Messages with ${number}`} role="log">
            {data && messages.length === 0 && <Text c="dimmed">No messages with this number yet.</Text>}
            {messages.map((m) => {
              const outbound = m.direction === 'outbound';
              const status = live[m.id] ?? m.status;
              return (
                <Box
                  key={m.id}
                  maw="80%"
                  ml={outbound ? 'auto' : undefined}
                  p="xs"
                  style={{
                    borderRadius: 'var(--mantine-radius-md)',
                    background: outbound ? 'var(--mantine-color-indigo-0)' : 'var(--mantine-color-gray-1)',
                  }}
                  data-direction={m.direction}
                >
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {m.body}
                  </Text>
                  <Group gap="xs" mt={2}>
                    <Text size="xs" c="dimmed">
                      {formatTime(m.at)}
                    </Text>
                    {outbound && status && (
                      <Badge size="xs" color={STATUS_COLORS[status] ?? 'gray'}>
                        {status}
                      </Badge>
                    )}
                  </Group>
                </Box>
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
      </Paper>
      {canSend && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void sendReply({ input: { to: number, body } }).then((result) => {
              if (result.data) {
                setBody('');
                refetch({ requestPolicy: 'network-only' });
              }
            });
          }}
        >
          <Stack gap="xs">
            <ProblemAlert problem={problem} title="Not sent" />
            <Textarea
              label="Reply"
              autosize
              minRows={2}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={problem?.fields.body}
            />
            <Group>
              <Button type="submit" loading={reply.fetching} disabled={body.length === 0}>
                Send reply
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

export default function ConversationsPage() {
  const params = useParams();
  const number = params.number;
  return (
    <>
      <PageHeader title="Conversations" />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }} display={{ base: number ? 'none' : 'block', md: 'block' }}>
          <ThreadList current={number} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {number ? <ThreadView number={number} /> : <Text c="dimmed">Choose a conversation.</Text>}
        </Grid.Col>
      </Grid>
    </>
  );
}
