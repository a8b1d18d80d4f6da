import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notify } from '../components/notify';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../components/confirm';
import { OnceSecretModal, type OnceSecretValue } from '../components/once-secret';
import { PageHeader, ProblemAlert } from '../components/page';
import { Pager, useKeysetPages } from '../components/pager';
import { graphql } from '../gql';
import type { ConsoleWebhooksQuery } from '../gql/graphql';
import { formatTime } from '../lib/format';
import { problemOf, type Problem } from '../lib/problem';

const Webhooks = graphql(`
  query ConsoleWebhooks {
    webhooks {
      id
      url
      description
      events
      enabled
      failingSince
      disabledReason
      createdAt
      updatedAt
    }
  }
`);

const Deliveries = graphql(`
  query ConsoleWebhookDeliveries($webhookId: ID!, $status: String, $after: String) {
    webhookDeliveries(webhookId: $webhookId, status: $status, first: 20, after: $after) {
      edges {
        node {
          id
          eventType
          eventId
          status
          attempts
          statusCode
          latencyMs
          error
          createdAt
          deliveredAt
          nextAttemptAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const Create = graphql(`
  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      id
      url
      secret
    }
  }
`);

const Update = graphql(`
  mutation ConsoleUpdateWebhook($input: UpdateWebhookInput!) {
    updateWebhook(input: $input) {
      id
      url
      description
      events
      enabled
      failingSince
      disabledReason
      updatedAt
    }
  }
`);

const Delete = graphql(`
  mutation ConsoleDeleteWebhook($input: DeleteWebhookInput!) {
    deleteWebhook(input: $input)
  }
`);

const Rotate = graphql(`
  mutation ConsoleRotateWebhookSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) {
      id
      secret
    }
  }
`);

const SendTest = graphql(`
  mutation ConsoleSendTestWebhook($input: SendTestWebhookInput!) {
    sendTestWebhook(input: $input) {
      id
      status
    }
  }
`);

const Redeliver = graphql(`
  mutation ConsoleRedeliverWebhook($input: RedeliverWebhookDeliveryInput!) {
    redeliverWebhookDelivery(input: $input) {
      id
      status
    }
  }
`);

/** What an endpoint may subscribe to (src/modules/webhooks/webhook-events.ts). */
const EVENTS = [
  'message.sent',
  'message.delivered',
  'message.undelivered',
  'message.failed',
  'message.expired',
  'message.received',
  'device.online',
  'device.offline',
  'suppression.added',
];

const DELIVERY_COLORS: Record<string, string> = { pending: 'blue', delivered: 'green', failed: 'red' };

type Endpoint = ConsoleWebhooksQuery['webhooks'][number];

function useWebhooks() {
  const [result, refetch] = useQuery({ query: Webhooks });
  return { ...result, reload: () => refetch({ requestPolicy: 'network-only' }) };
}

/** The URL field shows a refused URL too: WEBHOOK_URL_FORBIDDEN's detail names no field. */
function urlError(problem: Problem | undefined): string | undefined {
  if (problem?.code === 'WEBHOOK_URL_FORBIDDEN') return problem.detail;
  return problem?.fields.url;
}

interface EndpointValues {
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
}

function EndpointForm({
  initial,
  submitLabel,
  problem,
  loading,
  onSubmit,
  onCancel,
}: {
  initial: EndpointValues;
  submitLabel: string;
  problem?: Problem;
  loading: boolean;
  onSubmit: (values: EndpointValues) => void;
  onCancel: () => void;
}) {
  const form = useForm<EndpointValues>({
    initialValues: initial,
    validate: { events: (events) => (events.length === 0 ? 'Choose at least one event' : null) },
  });
  const all = form.values.events.includes('*');
  const fieldMessages = problem ? Object.keys(problem.fields).length > 0 || !!urlError(problem) : false;
  return (
    <form onSubmit={form.onSubmit(onSubmit)}>
      <Stack>
        {problem && !fieldMessages && <ProblemAlert problem={problem} title="Not saved" />}
        <TextInput
          label="URL"
          description="Where the gateway POSTs the events (http or https)"
          placeholder="https://example.com/hooks/sms"
          required
          data-autofocus
          {...form.getInputProps('url')}
          error={urlError(problem) ?? form.errors.url}
        />
        <Textarea
          label="Description"
          autosize
          minRows={1}
          {...form.getInputProps('description')}
          error={problem?.fields.description ?? form.errors.description}
        />
        <Checkbox.Group
          label="Events"
          {...form.getInputProps('events')}
          error={problem?.fields.events ?? form.errors.events}
        >
          <Stack gap={6} mt={6}>
            <Checkbox value="*" label="All events, including ones added later" />
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} verticalSpacing={6}>
              {EVENTS.map((event) => (
                <Checkbox key={event} value={event} label={event} disabled={all} />
              ))}
            </SimpleGrid>
          </Stack>
        </Checkbox.Group>
        <Switch label="Enabled" {...form.getInputProps('enabled', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={loading}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The chosen events as sent: `*` alone when it is checked (the others are implied). */
const eventsOf = (events: string[]) => (events.includes('*') ? ['*'] : events);

function CreateEndpoint({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (id: string, secret: string) => void;
}) {
  const [{ fetching, error }, create] = useMutation(Create);
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title="Add an endpoint"
      size="lg"
    >
      <EndpointForm
        initial={{ url: '', description: '', events: ['*'], enabled: true }}
        submitLabel="Add endpoint"
        problem={problemOf(error)}
        loading={fetching}
        onCancel={onClose}
        onSubmit={(values) => {
          void create({
            input: {
              url: values.url.trim(),
              events: eventsOf(values.events),
              enabled: values.enabled,
              ...(values.description.trim() ? { description: values.description.trim() } : {}),
            },
          }).then((result) => {
            if (result.data) onCreated(result.data.createWebhook.id, result.data.createWebhook.secret);
          });
        }}
      />
    </Modal>
  );
}

function EditEndpoint({ endpoint, onClose }: { endpoint: Endpoint | undefined; onClose: () => void }) {
  const [{ fetching, error }, update] = useMutation(Update);
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={!!endpoint}
      onClose={onClose}
      title="Edit the endpoint"
      size="lg"
    >
      {endpoint && (
        <EndpointForm
          initial={{
            url: endpoint.url,
            description: endpoint.description ?? '',
            events: endpoint.events,
            enabled: endpoint.enabled,
          }}
          submitLabel="Save"
          problem={problemOf(error)}
          loading={fetching}
          onCancel={onClose}
          onSubmit={(values) => {
            void update({
              input: {
                id: endpoint.id,
                // A URL is checked again only when it changes.
                ...(values.url.trim() !== endpoint.url ? { url: values.url.trim() } : {}),
                events: eventsOf(values.events),
                enabled: values.enabled,
                description: values.description.trim() || null,
              },
            }).then((result) => {
              if (result.data) {
                notify({ color: 'green', message: 'Endpoint saved' });
                onClose();
              }
            });
          }}
        />
      )}
    </Modal>
  );
}

function RotateSecret({
  endpoint,
  onClose,
  onRotated,
}: {
  endpoint: Endpoint | undefined;
  onClose: () => void;
  onRotated: (secret: string) => void;
}) {
  const [{ fetching, error }, rotate] = useMutation(Rotate);
  const [hours, setHours] = useState<number | string>(24);
  const problem = problemOf(error);
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={!!endpoint}
      onClose={onClose}
      title="Rotate the signing secret"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!endpoint) return;
          void rotate({ input: { id: endpoint.id, keepPreviousForHours: Number(hours) } }).then((result) => {
            if (result.data) onRotated(result.data.rotateWebhookSecret.secret);
          });
        }}
      >
        <Stack>
          <Text size="sm">
            A new secret signs every delivery from now on. The old one can keep signing beside it for a while, so the
            receiver can switch over without refusing a request; choose 0 if the old secret leaked.
          </Text>
          {problem && !problem.fields.keepPreviousForHours && <ProblemAlert problem={problem} />}
          <NumberInput
            label="Keep the old secret for (hours)"
            description="0 to 168"
            min={0}
            max={168}
            allowDecimal={false}
            value={hours}
            onChange={setHours}
            error={problem?.fields.keepPreviousForHours}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fetching}>
              Rotate secret
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeliveryLog({ endpoint }: { endpoint: Endpoint }) {
  const [status, setStatus] = useState<string | null>(null);
  const pages = useKeysetPages();
  const [{ data, error }, refetch] = useQuery({
    query: Deliveries,
    variables: { webhookId: endpoint.id, status, after: pages.after },
  });
  const [redelivery, redeliver] = useMutation(Redeliver);
  const rows = data?.webhookDeliveries.edges.map((e) => e.node) ?? [];
  const pending = rows.some((d) => d.status === 'pending');

  // A delivery in flight settles within moments: look again until none is pending.
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => refetch({ requestPolicy: 'network-only' }), 1500);
    return () => clearTimeout(timer);
  }, [pending, data, refetch]);

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Title order={3} size="h4">
          Delivery log
        </Title>
        <Group gap="xs" align="flex-end">
          <Select
            label="Status"
            placeholder="Any status"
            clearable
            w={160}
            data={[
              { value: 'pending', label: 'Pending' },
              { value: 'delivered', label: 'Delivered' },
              { value: 'failed', label: 'Failed' },
            ]}
            value={status}
            onChange={(value) => {
              pages.reset();
              setStatus(value);
            }}
          />
          <Button variant="default" onClick={() => refetch({ requestPolicy: 'network-only' })}>
            Refresh
          </Button>
        </Group>
      </Group>
      <ProblemAlert problem={problemOf(error) ?? problemOf(redelivery.error)} />
      <Table.ScrollContainer minWidth={760}>
        <Table striped aria-label={`Deliveries to ${endpoint.url}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Event</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Response</Table.Th>
              <Table.Th>Time</Table.Th>
              <Table.Th>Last error</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text size="sm" c="dimmed">
                    No deliveries yet. Send a test event to see one.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((d) => (
              <Table.Tr key={d.id} data-testid="delivery">
                <Table.Td>
                  <Text size="sm">{d.eventType}</Text>
                  <Text size="xs" c="dimmed" title="The webhook-id header">
                    {d.eventId}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={DELIVERY_COLORS[d.status] ?? 'gray'} miw="max-content">
                    {d.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td>
                  {d.statusCode ?? '—'}
                  {d.latencyMs !== null && d.latencyMs !== undefined && (
                    <Text size="xs" c="dimmed">
                      {d.latencyMs} ms
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatTime(d.createdAt)}</Text>
                  {d.status === 'pending' && d.nextAttemptAt && (
                    <Text size="xs" c="dimmed">
                      next try {formatTime(d.nextAttemptAt)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td maw={220}>
                  <Text size="xs" lineClamp={2} title={d.error ?? undefined}>
                    {d.error ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="compact-sm"
                    variant="default"
                    disabled={d.status === 'pending'}
                    aria-label={`Redeliver ${d.eventType} of ${formatTime(d.createdAt)}`}
                    onClick={() => {
                      void redeliver({ input: { id: d.id } }).then((result) => {
                        if (result.data) {
                          notify({ message: `${d.eventType} is sent again` });
                          pages.reset();
                          refetch({ requestPolicy: 'network-only' });
                        }
                      });
                    }}
                  >
                    Redeliver
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager
        pages={pages}
        hasNextPage={data?.webhookDeliveries.pageInfo.hasNextPage ?? false}
        endCursor={data?.webhookDeliveries.pageInfo.endCursor}
        label="Delivery log pages"
      />
    </Stack>
  );
}

function EndpointPanel({
  endpoint,
  onEdit,
  onRotate,
  onDelete,
}: {
  endpoint: Endpoint;
  onEdit: () => void;
  onRotate: () => void;
  onDelete: () => void;
}) {
  const [test, sendTest] = useMutation(SendTest);
  const [logKey, setLogKey] = useState(0);
  return (
    <Paper withBorder p="md" component="section" aria-label={`Endpoint ${endpoint.url}`}>
      <Stack>
        <div>
          <Title order={3} size="h4" style={{ overflowWrap: 'anywhere' }}>
            {endpoint.url}
          </Title>
          {endpoint.description && <Text size="sm">{endpoint.description}</Text>}
        </div>
        <Group gap="xs">
          <Button
            loading={test.fetching}
            onClick={() => {
              void sendTest({ input: { id: endpoint.id } }).then((result) => {
                if (result.data) {
                  notify({ message: 'A webhook.test event is on its way' });
                  // The log starts over on its first page, where the new delivery is.
                  setLogKey((k) => k + 1);
                }
              });
            }}
          >
            Send test event
          </Button>
          <Button variant="default" onClick={onEdit}>
            Edit
          </Button>
          <Button variant="default" onClick={onRotate}>
            Rotate secret
          </Button>
          <Button variant="outline" color="red.9" onClick={onDelete}>
            Delete
          </Button>
        </Group>
        <ProblemAlert problem={problemOf(test.error)} />
        <DeliveryLog key={`${endpoint.id}-${logKey}`} endpoint={endpoint} />
      </Stack>
    </Paper>
  );
}

function Failures({ endpoint }: { endpoint: Endpoint }) {
  if (!endpoint.enabled && endpoint.disabledReason) {
    return (
      <Text size="sm" c="red.9">
        Disabled: {endpoint.disabledReason}
      </Text>
    );
  }
  if (endpoint.failingSince) {
    return (
      <Text size="sm" c="red.9">
        Failing since {formatTime(endpoint.failingSince)}
      </Text>
    );
  }
  return <Text size="sm">None</Text>;
}

export default function WebhooksPage() {
  const { data, error, reload } = useWebhooks();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('endpoint');
  const endpoints = data?.webhooks ?? [];
  const selected = endpoints.find((w) => w.id === selectedId);
  const select = (id: string | null) =>
    setParams(
      (p) => {
        if (id) p.set('endpoint', id);
        else p.delete('endpoint');
        return p;
      },
      { replace: true },
    );

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Endpoint>();
  const [rotating, setRotating] = useState<Endpoint>();
  const [deleting, setDeleting] = useState<Endpoint>();
  const [secret, setSecret] = useState<{ title: string; values: OnceSecretValue[] }>();
  const [deletion, remove] = useMutation(Delete);

  return (
    <>
      <PageHeader title="Webhooks" actions={<Button onClick={() => setCreating(true)}>Add endpoint</Button>} />
      <Stack>
        <Text size="sm">
          The gateway POSTs events to these URLs, signed the{' '}
          <Anchor href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
            Standard Webhooks
          </Anchor>{' '}
          way with the endpoint’s secret. A failing endpoint is retried with backoff, and switched off when it has
          failed for too long (72 hours by default).
        </Text>
        <ProblemAlert problem={problemOf(error)} />
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover aria-label="Webhook endpoints">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>URL</Table.Th>
                <Table.Th>Events</Table.Th>
                <Table.Th>Enabled</Table.Th>
                <Table.Th>Failures</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data && endpoints.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text size="sm" c="dimmed">
                      No endpoints yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {endpoints.map((w) => (
                <Table.Tr key={w.id} bg={w.id === selectedId ? 'var(--mantine-color-indigo-0)' : undefined}>
                  <Table.Td maw={320}>
                    <UnstyledButton
                      onClick={() => select(w.id === selectedId ? null : w.id)}
                      aria-expanded={w.id === selectedId}
                      aria-label={`${w.url}: details and deliveries`}
                      style={{ overflowWrap: 'anywhere', textDecoration: 'underline' }}
                      c="indigo.8"
                      fz="sm"
                    >
                      {w.url}
                    </UnstyledButton>
                    {w.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {w.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{w.events.includes('*') ? 'All events' : w.events.join(', ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={w.enabled ? 'green' : 'gray'} miw="max-content">
                      {w.enabled ? 'Enabled' : 'Disabled'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Failures endpoint={w} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {selected ? (
          <EndpointPanel
            endpoint={selected}
            onEdit={() => setEditing(selected)}
            onRotate={() => setRotating(selected)}
            onDelete={() => setDeleting(selected)}
          />
        ) : (
          endpoints.length > 0 && (
            <Text size="sm" c="dimmed">
              Choose an endpoint to test it, change it, or see its deliveries.
            </Text>
          )
        )}
      </Stack>

      <CreateEndpoint
        key={creating ? 'open' : 'closed'}
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(id, signingSecret) => {
          setCreating(false);
          reload();
          select(id);
          setSecret({ title: 'Endpoint added', values: [{ label: 'Signing secret', value: signingSecret }] });
        }}
      />
      <EditEndpoint key={editing?.id} endpoint={editing} onClose={() => setEditing(undefined)} />
      <RotateSecret
        key={rotating ? `rotate-${rotating.id}` : 'rotate'}
        endpoint={rotating}
        onClose={() => setRotating(undefined)}
        onRotated={(newSecret) => {
          setRotating(undefined);
          setSecret({ title: 'New signing secret', values: [{ label: 'Signing secret', value: newSecret }] });
        }}
      />
      <OnceSecretModal title={secret?.title ?? ''} values={secret?.values} onClose={() => setSecret(undefined)} />
      <ConfirmDialog
        opened={!!deleting}
        title="Delete the endpoint?"
        confirmLabel="Delete"
        loading={deletion.fetching}
        problem={problemOf(deletion.error)}
        onClose={() => setDeleting(undefined)}
        onConfirm={() => {
          if (!deleting) return;
          void remove({ input: { id: deleting.id } }).then((result) => {
            if (result.data) {
              notify({ message: `${deleting.url} deleted` });
              if (deleting.id === selectedId) select(null);
              setDeleting(undefined);
              reload();
            }
          });
        }}
      >
        {deleting?.url} gets no more events, and its delivery log is deleted with it.
      </ConfirmDialog>
    </>
  );
}
