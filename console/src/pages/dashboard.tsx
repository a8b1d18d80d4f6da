import { Badge, Card, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useQuery, useSubscription } from 'urql';
import { Sparkline, StackedBars } from '../components/charts';
import { PageHeader } from '../components/page';
import { graphql } from '../gql';
import { STATUS_COLORS } from '../lib/format';

const Dashboard = graphql(`
  query ConsoleDashboard {
    dashboard {
      statusCounts24h {
        hour
        counts {
          status
          count
        }
      }
      throughputLastHour {
        total
        perMinute {
          minute
          count
        }
      }
      queue {
        waiting
        scheduled
        oldestAgeSeconds
      }
      deadLetters
      phones {
        online
        total
        devices {
          id
          name
          online
          limitPerMinute
          sentLastMinute
          headroom
        }
      }
      carriers {
        id
        name
        kind
        state
        enabled
      }
    }
  }
`);

const Changes = graphql(`
  subscription ConsoleDashboardChanges {
    messageStatusChanged {
      messageId
      status
    }
  }
`);

const REFRESH_MS = 10_000;

function Stat({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={`stat-${label}`}>
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

const hourLabel = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

function age(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'nothing waiting';
  if (seconds < 120) return `oldest ${Math.round(seconds)} s`;
  if (seconds < 7200) return `oldest ${Math.round(seconds / 60)} min`;
  return `oldest ${Math.round(seconds / 3600)} h`;
}

export default function DashboardPage() {
  const [{ data }, refetch] = useQuery({ query: Dashboard });
  // Live: a status change refreshes the numbers (at most every couple of seconds), and a timer catches the rest.
  const [changes] = useSubscription({ query: Changes });
  useEffect(() => {
    const timer = setTimeout(() => refetch({ requestPolicy: 'network-only' }), 1500);
    return () => clearTimeout(timer);
  }, [changes.data, refetch]);
  useEffect(() => {
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refetch]);

  const dashboard = data?.dashboard;
  const statuses = [...new Set(dashboard?.statusCounts24h.flatMap((h) => h.counts.map((c) => c.status)) ?? [])];
  const byHour = (dashboard?.statusCounts24h ?? []).map((h) => ({
    label: hourLabel(h.hour),
    values: Object.fromEntries(h.counts.map((c) => [c.status, c.count])),
  }));
  const perMinute = (dashboard?.throughputLastHour.perMinute ?? []).map((m) => m.count);

  return (
    <>
      <PageHeader title="Dashboard" />
      <Stack>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Stat label="Sent in the last hour" value={dashboard?.throughputLastHour.total ?? '…'} />
          <Stat
            label="Waiting"
            value={dashboard?.queue.waiting ?? '…'}
            hint={dashboard && `${age(dashboard.queue.oldestAgeSeconds)} · ${dashboard.queue.scheduled} scheduled`}
          />
          <Stat label="Dead letters" value={dashboard?.deadLetters ?? '…'} />
          <Stat
            label="Phones online"
            value={dashboard ? `${dashboard.phones.online} / ${dashboard.phones.total}` : '…'}
          />
        </SimpleGrid>
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            Messages by status, last 24 hours
          </Title>
          <StackedBars
            data={byHour}
            label="Messages by status, last 24 hours"
            series={statuses.map((status) => ({ name: status, color: `${STATUS_COLORS[status] ?? 'gray'}.6` }))}
          />
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            Sent per minute, last hour
          </Title>
          <Sparkline
            values={perMinute}
            label={`Sent per minute over the last hour: ${dashboard?.throughputLastHour.total ?? 0} in all`}
          />
        </Card>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Title order={3} size="h5" mb="sm">
              Phones
            </Title>
            <Table.ScrollContainer minWidth={320}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Phone</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th>Headroom this minute</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {dashboard?.phones.devices.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>{d.name}</Table.Td>
                      <Table.Td>
                        <Badge color={d.online ? 'green' : 'gray'}>{d.online ? 'online' : 'offline'}</Badge>
                      </Table.Td>
                      <Table.Td>
                        {d.limitPerMinute
                          ? `${d.headroom} of ${d.limitPerMinute} parts`
                          : `unthrottled (${d.sentLastMinute} sent)`}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <Card withBorder>
            <Title order={3} size="h5" mb="sm">
              Carriers
            </Title>
            {dashboard?.carriers.length === 0 && <Text c="dimmed">No carrier connections.</Text>}
            <Stack gap="xs">
              {dashboard?.carriers.map((c) => (
                <Group key={c.id} justify="space-between">
                  <Text>
                    {c.name}{' '}
                    <Text span c="dimmed" size="sm">
                      ({c.kind})
                    </Text>
                  </Text>
                  <Badge color={c.state === 'bound' ? 'green' : c.state === 'disabled' ? 'gray' : 'orange'}>
                    {c.state}
                  </Badge>
                </Group>
              ))}
            </Stack>
          </Card>
        </SimpleGrid>
      </Stack>
    </>
  );
}
