import {
  Badge,
  Button,
  Code,
  CopyButton,
  Fieldset,
  Group,
  Loader,
  Menu,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ConfirmModal } from '../components/confirm';
import { FormModal } from '../components/form-modal';
import { FormProblem } from '../components/form-problem';
import { PageHeader, ProblemAlert } from '../components/page';
import { notifyDone, notifyRefused } from '../components/notify';
import { TableScroll } from '../components/table-scroll';
import { graphql } from '../gql';
import type { ConsoleCarrierFieldsFragment } from '../gql/graphql';
import { formatTime } from '../lib/format';
import { problemOf, type Problem } from '../lib/problem';

graphql(`
  fragment ConsoleCarrierFields on Carrier {
    id
    name
    kind
    enabled
    smpp
    http
    state
    stateDetail
    stateSince
    counters {
      submitted
      receipts
      inbound
      rejected
      throttled
      reconnects
    }
    updatedAt
  }
`);

const CarriersQuery = graphql(`
  query ConsoleCarriers {
    carriers {
      ...ConsoleCarrierFields
    }
  }
`);

const CreateCarrier = graphql(`
  mutation ConsoleCreateCarrier($input: CreateCarrierInput!) {
    createCarrier(input: $input) {
      ...ConsoleCarrierFields
    }
  }
`);

const UpdateCarrier = graphql(`
  mutation ConsoleUpdateCarrier($input: UpdateCarrierInput!) {
    updateCarrier(input: $input) {
      ...ConsoleCarrierFields
    }
  }
`);

const DeleteCarrier = graphql(`
  mutation ConsoleDeleteCarrier($input: DeleteCarrierInput!) {
    deleteCarrier(input: $input)
  }
`);

type Carrier = ConsoleCarrierFieldsFragment;

/** The settings as the API shows them (carrier-config.ts); never a password or secret, only whether one is set. */
interface SmppShown {
  host: string;
  port: number;
  systemId: string;
  systemType: string;
  bindMode: string;
  tps: number;
  windowSize: number;
  enquireLinkSeconds: number;
  sourceAddr: string | null;
  concatenation: string;
  registeredDelivery: boolean;
  passwordSet: boolean;
}
interface HttpShown {
  url: string;
  method: string;
  bodyTemplate: string | null;
  headers: Record<string, string>;
  auth: string;
  username: string | null;
  successStatus: number[] | null;
  messageIdPath: string | null;
  timeoutMs: number;
  secretSet: boolean;
  dlrUrl: string;
}

const smppOf = (c: Carrier) => (c.smpp ?? undefined) as SmppShown | undefined;
const httpOf = (c: Carrier) => (c.http ?? undefined) as HttpShown | undefined;

const STATE_COLORS: Record<string, string> = {
  bound: 'green',
  connecting: 'blue',
  reconnecting: 'yellow',
  down: 'red',
  disabled: 'gray',
};
const POLL_MS = 5000;

function endpoint(c: Carrier): string {
  const smpp = smppOf(c);
  if (smpp) return `${smpp.host}:${smpp.port} as ${smpp.systemId}`;
  const http = httpOf(c);
  return http ? `${http.method} ${http.url}` : '—';
}

export default function CarriersPage() {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: CarriersQuery });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  // No subscription carries a carrier's state: ask again every few seconds while the page is open.
  useEffect(() => {
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [reexecute]);

  const [editing, setEditing] = useState<Carrier | 'new'>();
  const [deleting, setDeleting] = useState<Carrier>();
  const [, updateCarrier] = useMutation(UpdateCarrier);
  const carriers = data?.carriers ?? [];

  const setEnabled = async (carrier: Carrier, enabled: boolean) => {
    const result = await updateCarrier({ input: { id: carrier.id, enabled } });
    const problem = problemOf(result.error);
    if (problem) notifyRefused(`${carrier.name} was not changed`, problem.detail);
    refresh();
  };

  return (
    <>
      <PageHeader
        title="Carriers"
        actions={
          <Button onClick={() => setEditing('new')} aria-haspopup="dialog">
            New carrier
          </Button>
        }
      />
      {error && !data && <ProblemAlert problem={problemOf(error)} title="The carriers could not be loaded" />}
      {!data && fetching && <Loader aria-label="Loading carriers" />}
      {data && carriers.length === 0 && (
        <Text c="dimmed">No carriers yet. Add an SMPP or HTTP carrier, then name it in a route.</Text>
      )}
      {carriers.length > 0 && (
        <TableScroll label="Carriers" minWidth={900}>
          <Table striped highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Endpoint</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Counters since start</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {carriers.map((carrier) => (
                <Table.Tr key={carrier.id} data-carrier={carrier.name}>
                  <Table.Td>
                    <Text fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {carrier.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>{carrier.kind.toUpperCase()}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }} maw={300}>
                      {endpoint(carrier)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATE_COLORS[carrier.state] ?? 'gray'} variant="dot">
                      {carrier.state}
                    </Badge>
                    {carrier.stateDetail && (
                      <Text size="xs" c="dimmed" maw={240}>
                        {carrier.stateDetail}
                      </Text>
                    )}
                    {carrier.stateSince && (
                      <Text size="xs" c="dimmed">
                        since {formatTime(carrier.stateSince)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Counters counters={carrier.counters} />
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <Button variant="default" size="compact-sm" aria-label={`Actions for ${carrier.name}`}>
                          Actions
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setEditing(carrier)}>Edit</Menu.Item>
                        <Menu.Item onClick={() => void setEnabled(carrier, !carrier.enabled)}>
                          {carrier.enabled ? 'Disable' : 'Enable'}
                        </Menu.Item>
                        <Menu.Divider />
                        <Menu.Item color="red" onClick={() => setDeleting(carrier)}>
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {editing && (
        <CarrierFormModal
          carrier={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={refresh}
        />
      )}
      {deleting && <DeleteCarrierModal carrier={deleting} onClose={() => setDeleting(undefined)} onDeleted={refresh} />}
    </>
  );
}

const COUNTERS = ['submitted', 'receipts', 'inbound', 'rejected', 'throttled', 'reconnects'] as const;

/** The counters of the gateway processes running now (parts submitted, receipts…), three to a line. */
function Counters({ counters }: { counters: Carrier['counters'] }) {
  return (
    <SimpleGrid cols={3} spacing={4} verticalSpacing={0} miw={300}>
      {COUNTERS.map((key) => (
        <Text size="sm" key={key} style={{ whiteSpace: 'nowrap' }}>
          <Text span fw={600} size="sm">
            {counters[key].toLocaleString()}
          </Text>{' '}
          {key}
        </Text>
      ))}
    </SimpleGrid>
  );
}

const text = (value: string | null | undefined) => value ?? '';
const num = (value: number | null | undefined): number | string => value ?? '';

function initialValues(carrier: Carrier | undefined) {
  const smpp = carrier && smppOf(carrier);
  const http = carrier && httpOf(carrier);
  return {
    name: carrier?.name ?? '',
    kind: carrier?.kind ?? 'smpp',
    enabled: carrier?.enabled ?? true,
    smpp: {
      host: text(smpp?.host),
      port: num(smpp?.port ?? 2775),
      systemId: text(smpp?.systemId),
      password: '',
      systemType: text(smpp?.systemType),
      bindMode: smpp?.bindMode ?? 'transceiver',
      tps: num(smpp?.tps ?? 10),
      windowSize: num(smpp?.windowSize ?? 10),
      enquireLinkSeconds: num(smpp?.enquireLinkSeconds ?? 30),
      sourceAddr: text(smpp?.sourceAddr),
      concatenation: smpp?.concatenation ?? 'udh',
      registeredDelivery: smpp?.registeredDelivery ?? true,
    },
    http: {
      url: text(http?.url),
      method: http?.method ?? 'POST',
      bodyTemplate: text(http?.bodyTemplate),
      headers: Object.entries(http?.headers ?? {})
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n'),
      auth: http?.auth ?? 'none',
      username: text(http?.username),
      secret: '',
      successStatus: (http?.successStatus ?? []).map(String),
      messageIdPath: text(http?.messageIdPath),
      timeoutMs: num(http?.timeoutMs ?? 10000),
    },
  };
}
type CarrierValues = ReturnType<typeof initialValues>;

/** "Name: value" lines as a header map. */
function parseHeaders(lines: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines.split('\n')) {
    const at = line.indexOf(':');
    if (line.trim() === '') continue;
    if (at < 0) headers[line.trim()] = '';
    else headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

/**
 * The settings to send. On create an empty optional field is left out; on edit the API merges
 * into the stored settings, so an emptied field is sent as null (cleared) and an empty password
 * or secret is left out (kept).
 */
function settingsInput(v: CarrierValues, editing: boolean): Record<string, unknown> {
  const empty = editing ? null : undefined;
  const str = (value: string) => (value.trim() === '' ? empty : value.trim());
  const int = (value: number | string) => (value === '' ? empty : Number(value));
  const out: Record<string, unknown> =
    v.kind === 'smpp'
      ? {
          host: v.smpp.host.trim(),
          port: int(v.smpp.port),
          systemId: v.smpp.systemId,
          password: v.smpp.password === '' ? undefined : v.smpp.password,
          systemType: str(v.smpp.systemType),
          bindMode: v.smpp.bindMode,
          tps: int(v.smpp.tps),
          windowSize: int(v.smpp.windowSize),
          enquireLinkSeconds: int(v.smpp.enquireLinkSeconds),
          sourceAddr: str(v.smpp.sourceAddr),
          concatenation: v.smpp.concatenation,
          registeredDelivery: v.smpp.registeredDelivery,
        }
      : {
          url: v.http.url.trim(),
          method: v.http.method,
          bodyTemplate: v.http.method === 'POST' ? str(v.http.bodyTemplate) : empty,
          headers: parseHeaders(v.http.headers),
          auth: v.http.auth,
          username: v.http.auth === 'basic' ? str(v.http.username) : empty,
          secret: v.http.secret === '' ? undefined : v.http.secret,
          successStatus: v.http.successStatus.length > 0 ? v.http.successStatus.map(Number) : empty,
          messageIdPath: str(v.http.messageIdPath),
          timeoutMs: int(v.http.timeoutMs),
        };
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined));
}

const SMPP_FIELDS = [
  'host',
  'port',
  'systemId',
  'password',
  'systemType',
  'bindMode',
  'tps',
  'windowSize',
  'enquireLinkSeconds',
  'sourceAddr',
  'concatenation',
  'registeredDelivery',
];
const HTTP_FIELDS = [
  'url',
  'method',
  'bodyTemplate',
  'headers',
  'auth',
  'username',
  'secret',
  'successStatus',
  'messageIdPath',
  'timeoutMs',
];

function CarrierFormModal({
  carrier,
  onClose,
  onSaved,
}: {
  carrier: Carrier | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [create, createCarrier] = useMutation(CreateCarrier);
  const [update, updateCarrier] = useMutation(UpdateCarrier);
  const [problem, setProblem] = useState<Problem>();
  const form = useForm({ initialValues: initialValues(carrier) });
  const values = form.getValues();
  const fields = problem?.fields ?? {};
  // A URL the SSRF guard refuses has no field in the answer: it is the URL's (or the host's) fault.
  const forbidden = problem?.code === 'WEBHOOK_URL_FORBIDDEN' ? problem.detail : undefined;
  const at = (field: string) =>
    fields[field] ??
    (field.startsWith('http.headers')
      ? Object.entries(fields).find(([f]) => f.startsWith('http.headers.'))?.[1]
      : undefined) ??
    (field === 'http.url' || field === 'smpp.host' ? forbidden : undefined);
  const placed = (field: string) =>
    ['name', 'kind', 'enabled', 'smpp', 'http'].includes(field) ||
    SMPP_FIELDS.some((f) => field === `smpp.${f}` || field.startsWith(`smpp.${f}.`)) ||
    HTTP_FIELDS.some((f) => field === `http.${f}` || field.startsWith(`http.${f}.`));
  const smppSecret = carrier && smppOf(carrier)?.passwordSet;
  const httpShown = carrier && httpOf(carrier);

  return (
    <FormModal title={carrier ? `Edit carrier ${carrier.name}` : 'New carrier'} onClose={onClose}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          const settings =
            v.kind === 'smpp' ? { smpp: settingsInput(v, !!carrier) } : { http: settingsInput(v, !!carrier) };
          const result = carrier
            ? await updateCarrier({ input: { id: carrier.id, name: v.name, enabled: v.enabled, ...settings } })
            : await createCarrier({ input: { name: v.name, kind: v.kind, enabled: v.enabled, ...settings } });
          setProblem(problemOf(result.error));
          if (result.data) {
            notifyDone(`Carrier ${v.name.trim()} saved`);
            onSaved();
            onClose();
          }
        })}
      >
        <Stack>
          <FormProblem problem={problem} placed={placed} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required error={at('name')} {...form.getInputProps('name')} />
            <Stack gap={4}>
              <Text size="sm" fw={600} id="carrier-kind-label">
                Kind
              </Text>
              <SegmentedControl
                aria-labelledby="carrier-kind-label"
                data={[
                  { value: 'smpp', label: 'SMPP' },
                  { value: 'http', label: 'HTTP' },
                ]}
                disabled={!!carrier}
                {...form.getInputProps('kind')}
              />
              {at('kind') && (
                <Text c="var(--mantine-color-error)" size="xs">
                  {at('kind')}
                </Text>
              )}
            </Stack>
          </SimpleGrid>
          <Switch label="Enabled" {...form.getInputProps('enabled', { type: 'checkbox' })} />
          {values.kind === 'smpp' ? (
            <Fieldset legend="SMPP connection">
              <Stack gap="sm">
                {at('smpp') && (
                  <Text c="var(--mantine-color-error)" size="sm">
                    {at('smpp')}
                  </Text>
                )}
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <TextInput
                    label="Host"
                    required
                    placeholder="smsc.example.net"
                    {...form.getInputProps('smpp.host')}
                    error={at('smpp.host')}
                  />
                  <NumberInput
                    label="Port"
                    required
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps('smpp.port')}
                    error={at('smpp.port')}
                  />
                  <TextInput
                    label="System ID"
                    required
                    {...form.getInputProps('smpp.systemId')}
                    error={at('smpp.systemId')}
                  />
                </SimpleGrid>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <PasswordInput
                    label="Password"
                    description={smppSecret ? 'A password is stored; leave empty to keep it' : undefined}
                    autoComplete="new-password"
                    {...form.getInputProps('smpp.password')}
                    error={at('smpp.password')}
                  />
                  <TextInput
                    label="System type"
                    {...form.getInputProps('smpp.systemType')}
                    error={at('smpp.systemType')}
                  />
                  <Select
                    label="Bind mode"
                    data={[
                      { value: 'transceiver', label: 'Transceiver (send and receive)' },
                      { value: 'transmitter', label: 'Transmitter (send only)' },
                    ]}
                    allowDeselect={false}
                    {...form.getInputProps('smpp.bindMode')}
                    error={at('smpp.bindMode')}
                  />
                  <TextInput
                    label="Sender (source address)"
                    description="When a message names none"
                    {...form.getInputProps('smpp.sourceAddr')}
                    error={at('smpp.sourceAddr')}
                  />
                </SimpleGrid>
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <NumberInput
                    label="Submits per second"
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps('smpp.tps')}
                    error={at('smpp.tps')}
                  />
                  <NumberInput
                    label="Window size"
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps('smpp.windowSize')}
                    error={at('smpp.windowSize')}
                  />
                  <NumberInput
                    label="Enquire link (seconds)"
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps('smpp.enquireLinkSeconds')}
                    error={at('smpp.enquireLinkSeconds')}
                  />
                </SimpleGrid>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <Select
                    label="Long messages"
                    data={[
                      { value: 'udh', label: 'UDH in the message' },
                      { value: 'sar', label: 'SAR TLVs' },
                    ]}
                    allowDeselect={false}
                    {...form.getInputProps('smpp.concatenation')}
                    error={at('smpp.concatenation')}
                  />
                  <Switch
                    mt="lg"
                    label="Ask for delivery receipts"
                    {...form.getInputProps('smpp.registeredDelivery', { type: 'checkbox' })}
                    error={at('smpp.registeredDelivery')}
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>
          ) : (
            <Fieldset legend="HTTP API">
              <Stack gap="sm">
                {at('http') && (
                  <Text c="var(--mantine-color-error)" size="sm">
                    {at('http')}
                  </Text>
                )}
                <TextInput
                  label="URL"
                  required
                  description="May use {to} {from} {body} {messageId} in its path and query"
                  placeholder="https://api.example.net/sms?to={to}"
                  {...form.getInputProps('http.url')}
                  error={at('http.url')}
                />
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <Select
                    label="Method"
                    data={['POST', 'GET']}
                    allowDeselect={false}
                    {...form.getInputProps('http.method')}
                    error={at('http.method')}
                  />
                  <Select
                    label="Authentication"
                    data={[
                      { value: 'none', label: 'None' },
                      { value: 'basic', label: 'Basic' },
                      { value: 'bearer', label: 'Bearer token' },
                    ]}
                    allowDeselect={false}
                    {...form.getInputProps('http.auth')}
                    error={at('http.auth')}
                  />
                  <NumberInput
                    label="Timeout (ms)"
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps('http.timeoutMs')}
                    error={at('http.timeoutMs')}
                  />
                </SimpleGrid>
                {values.http.auth !== 'none' && (
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    {values.http.auth === 'basic' && (
                      <TextInput
                        label="Username"
                        {...form.getInputProps('http.username')}
                        error={at('http.username')}
                      />
                    )}
                    <PasswordInput
                      label={values.http.auth === 'basic' ? 'Password' : 'Token'}
                      description={httpShown?.secretSet ? 'One is stored; leave empty to keep it' : undefined}
                      autoComplete="new-password"
                      {...form.getInputProps('http.secret')}
                      error={at('http.secret')}
                    />
                  </SimpleGrid>
                )}
                {values.http.method === 'POST' && (
                  <Textarea
                    label="Body template (JSON)"
                    placeholder='{"to":"{to}","text":"{body}"}'
                    autosize
                    minRows={2}
                    {...form.getInputProps('http.bodyTemplate')}
                    error={at('http.bodyTemplate')}
                  />
                )}
                <Textarea
                  label="Headers"
                  description="One per line: Name: value"
                  autosize
                  minRows={1}
                  {...form.getInputProps('http.headers')}
                  error={at('http.headers')}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <TagsInput
                    label="Success statuses"
                    description="Empty: any 2xx"
                    {...form.getInputProps('http.successStatus')}
                    error={at('http.successStatus')}
                  />
                  <TextInput
                    label="Message id path"
                    description="Where the answer's JSON holds the carrier's id, such as data.id"
                    {...form.getInputProps('http.messageIdPath')}
                    error={at('http.messageIdPath')}
                  />
                </SimpleGrid>
                {httpShown?.dlrUrl && (
                  <Stack gap={4}>
                    <Text size="sm" fw={500}>
                      Delivery report URL (give it to the carrier)
                    </Text>
                    <Group gap="xs" wrap="nowrap" align="flex-start">
                      <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1 }}>
                        {httpShown.dlrUrl}
                      </Code>
                      <CopyButton value={httpShown.dlrUrl}>
                        {({ copied, copy }) => (
                          <Button size="compact-sm" variant="light" onClick={copy}>
                            {copied ? 'Copied' : 'Copy'}
                          </Button>
                        )}
                      </CopyButton>
                    </Group>
                  </Stack>
                )}
              </Stack>
            </Fieldset>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.fetching || update.fetching}>
              {carrier ? 'Save carrier' : 'Create carrier'}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}

function DeleteCarrierModal({
  carrier,
  onClose,
  onDeleted,
}: {
  carrier: Carrier;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const [{ fetching }, deleteCarrier] = useMutation(DeleteCarrier);
  const [problem, setProblem] = useState<Problem>();
  return (
    <ConfirmModal
      title={`Delete carrier ${carrier.name}?`}
      confirmLabel="Delete"
      busy={fetching}
      problem={problem}
      onClose={onClose}
      onConfirm={() => {
        void deleteCarrier({ input: { id: carrier.id } }).then((result) => {
          setProblem(problemOf(result.error));
          if (result.data?.deleteCarrier) {
            notifyDone(`Carrier ${carrier.name} deleted`);
            onClose();
            onDeleted();
          }
        });
      }}
    >
      Its connection closes, and routes that name it can no longer send through it.
    </ConfirmModal>
  );
}
