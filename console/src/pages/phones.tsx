import {
  Alert,
  Badge,
  Button,
  Code,
  Fieldset,
  Group,
  Loader,
  Menu,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { ConfirmModal } from '../components/confirm';
import { FormModal } from '../components/form-modal';
import { FormProblem } from '../components/form-problem';
import { PageHeader, ProblemAlert } from '../components/page';
import { notifyDone, notifyRefused } from '../components/notify';
import { TableScroll } from '../components/table-scroll';
import { graphql } from '../gql';
import type { ConsolePhoneFieldsFragment } from '../gql/graphql';
import { formatTime } from '../lib/format';
import { useCan } from '../lib/me';
import { problemOf, type Problem } from '../lib/problem';

graphql(`
  fragment ConsolePhoneFields on Device {
    id
    name
    status
    online
    paired
    lastSeenAt
    battery
    charging
    batteryOptimizationExempt
    signal
    queueDepth
    appVersion
    simPolicy
    sims {
      slot
      operator
      phoneNumber
    }
    throttle {
      partsPerMinute
      partsPerHour
      partsPerDay
      minIntervalMs
    }
    simThrottles {
      slot
      partsPerMinute
      partsPerHour
      partsPerDay
      minIntervalMs
    }
  }
`);

const PhonesQuery = graphql(`
  query ConsolePhones {
    devices {
      ...ConsolePhoneFields
    }
  }
`);

const PhoneStatusChanged = graphql(`
  subscription ConsolePhoneStatusChanged {
    deviceStatusChanged {
      deviceId
      status
      at
    }
  }
`);

const CreateDevice = graphql(`
  mutation ConsoleCreateDevice($input: CreateDeviceInput!) {
    createDevice(input: $input) {
      device {
        ...ConsolePhoneFields
      }
      pairing {
        code
        expiresAt
        qrUrl
      }
    }
  }
`);

const UpdateDevice = graphql(`
  mutation ConsoleUpdateDevice($input: UpdateDeviceInput!) {
    updateDevice(input: $input) {
      ...ConsolePhoneFields
    }
  }
`);

const RevokeDevice = graphql(`
  mutation ConsoleRevokeDevice($input: RevokeDeviceInput!) {
    revokeDevice(input: $input)
  }
`);

const CreatePairingCode = graphql(`
  mutation ConsoleCreatePairingCode($input: CreatePairingCodeInput!) {
    createPairingCode(input: $input) {
      code
      expiresAt
      qrUrl
    }
  }
`);

type Device = ConsolePhoneFieldsFragment;
type LimitKey = 'partsPerMinute' | 'partsPerHour' | 'partsPerDay' | 'minIntervalMs';
type Limits = Partial<Record<LimitKey, number | null>>;

const STATE_COLORS: Record<string, string> = { online: 'green', offline: 'gray', disabled: 'orange' };
const LIMIT_FIELDS = [
  { key: 'partsPerMinute', label: 'Parts per minute', short: '/min' },
  { key: 'partsPerHour', label: 'Parts per hour', short: '/h' },
  { key: 'partsPerDay', label: 'Parts per day', short: '/day' },
  { key: 'minIntervalMs', label: 'Minimum interval (ms)', short: 'ms apart' },
] as const;

/** A throttle in a line: "30/min · 500/day", "no limits of its own" when none is set. */
function limitsText(t: Limits | undefined): string {
  const parts = LIMIT_FIELDS.flatMap(({ key, short }) => {
    const value = t?.[key];
    if (value === null || value === undefined) return [];
    if (value === 0 && key !== 'minIntervalMs') return [`unlimited ${short}`];
    return [`${value.toLocaleString()} ${short}`.replace(' /', '/')];
  });
  return parts.length > 0 ? parts.join(' · ') : 'gateway default';
}

function signalText(signal: number | null | undefined): string {
  if (signal === null || signal === undefined) return '—';
  return signal < 0 ? `${signal} dBm` : String(signal);
}

interface ShownPairing {
  deviceId: string;
  deviceName: string;
  code: string;
  expiresAt: string;
  /** The gateway's own QR image of `smsgw://pair?server=<PUBLIC_URL>&code=…` (a data: URL). */
  qrUrl: string;
}

export default function PhonesPage() {
  const canWrite = useCan('devices:write');
  const [{ data, error, fetching }, reexecute] = useQuery({ query: PhonesQuery });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const [status] = useSubscription({ query: PhoneStatusChanged });

  // A phone that comes online or goes offline: ask again (presence is recorded before the event).
  const event = status.data?.deviceStatusChanged;
  useEffect(() => {
    if (event) reexecute({ requestPolicy: 'network-only' });
  }, [event, reexecute]);
  // Battery, signal and queue come with heartbeats, which have no event of their own.
  useEffect(() => {
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), 30_000);
    return () => clearInterval(timer);
  }, [reexecute]);

  const [pairOpen, setPairOpen] = useState(false);
  const [pairing, setPairing] = useState<ShownPairing>();
  const [editing, setEditing] = useState<Device>();
  const [revoking, setRevoking] = useState<Device>();

  const devices = data?.devices ?? [];
  const pairedDevice = pairing && devices.find((d) => d.id === pairing.deviceId);

  return (
    <>
      <PageHeader
        title="Phones"
        actions={
          canWrite && (
            <Button onClick={() => setPairOpen(true)} aria-haspopup="dialog">
              Pair a new phone
            </Button>
          )
        }
      />
      {error && !data && <ProblemAlert problem={problemOf(error)} title="The phones could not be loaded" />}
      {!data && fetching && <Loader aria-label="Loading phones" />}
      {data && devices.length === 0 && (
        <Text c="dimmed">No phones yet. Pair one: install the SMS gateway app and scan the code it gets.</Text>
      )}
      {devices.length > 0 && (
        <PhonesTable
          devices={devices}
          canWrite={canWrite}
          onEdit={setEditing}
          onRevoke={setRevoking}
          onPairing={(device, p) => setPairing({ deviceId: device.id, deviceName: device.name, ...p })}
          onChanged={refresh}
        />
      )}

      {pairOpen && (
        <NewPhoneModal
          onClose={() => setPairOpen(false)}
          onCreated={(device, p) => {
            setPairOpen(false);
            setPairing({ deviceId: device.id, deviceName: device.name, ...p });
            refresh();
          }}
        />
      )}
      {pairing && <PairingModal pairing={pairing} device={pairedDevice} onClose={() => setPairing(undefined)} />}
      {editing && <EditPhoneModal device={editing} onClose={() => setEditing(undefined)} />}
      {revoking && <RevokeModal device={revoking} onClose={() => setRevoking(undefined)} onRevoked={refresh} />}
    </>
  );
}

function PhonesTable({
  devices,
  canWrite,
  onEdit,
  onRevoke,
  onPairing,
  onChanged,
}: {
  devices: Device[];
  canWrite: boolean;
  onEdit: (device: Device) => void;
  onRevoke: (device: Device) => void;
  onPairing: (device: Device, pairing: { code: string; expiresAt: string; qrUrl: string }) => void;
  onChanged: () => void;
}) {
  const [, updateDevice] = useMutation(UpdateDevice);
  const [, createPairingCode] = useMutation(CreatePairingCode);

  const setEnabled = async (device: Device, enabled: boolean) => {
    const result = await updateDevice({ input: { id: device.id, enabled } });
    const problem = problemOf(result.error);
    if (problem) notifyRefused(`${device.name} was not changed`, problem.detail);
    onChanged();
  };
  const newCode = async (device: Device) => {
    const result = await createPairingCode({ input: { id: device.id } });
    if (result.data) onPairing(device, result.data.createPairingCode);
    const problem = problemOf(result.error);
    if (problem) notifyRefused('No new pairing code', problem.detail);
  };

  return (
    <TableScroll label="Phones" minWidth={canWrite ? 980 : 890}>
      <Table striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Phone</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Battery</Table.Th>
            <Table.Th>Signal</Table.Th>
            <Table.Th>Queue</Table.Th>
            <Table.Th>SIMs</Table.Th>
            <Table.Th>Throttle</Table.Th>
            {canWrite && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {devices.map((device) => (
            <Table.Tr key={device.id} data-phone={device.name}>
              <Table.Td>
                <Text fw={600} size="sm">
                  {device.name}
                </Text>
                {device.appVersion && (
                  <Text size="xs" c="dimmed">
                    app {device.appVersion}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge color={device.paired ? (STATE_COLORS[device.status] ?? 'gray') : 'gray'} variant="dot">
                  {device.paired ? device.status : 'not paired'}
                </Badge>
                <Text size="xs" c="dimmed" mt={4} style={{ whiteSpace: 'nowrap' }}>
                  last seen {formatTime(device.lastSeenAt)}
                </Text>
              </Table.Td>
              <Table.Td>
                {device.battery === null || device.battery === undefined
                  ? '—'
                  : `${device.battery}%${device.charging ? ' (charging)' : ''}`}
                {/* Unknown (null) says nothing: older apps and simulated phones cannot tell. */}
                {device.batteryOptimizationExempt === true && (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    not battery-optimised
                  </Text>
                )}
                {device.batteryOptimizationExempt === false && (
                  <Text
                    size="xs"
                    c="red.9"
                    style={{ whiteSpace: 'nowrap' }}
                    title="Android's battery optimisation may pause the agent: exempt the app in the phone's settings"
                  >
                    battery-optimised
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{signalText(device.signal)}</Table.Td>
              <Table.Td>{device.queueDepth}</Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {device.sims.length === 0 && <Text size="sm">—</Text>}
                  {device.sims.map((sim) => (
                    <Text size="sm" key={sim.slot}>
                      Slot {sim.slot}: {[sim.operator, sim.phoneNumber].filter(Boolean).join(' · ') || 'unknown'}
                    </Text>
                  ))}
                  <Text size="xs" c="dimmed">
                    SIM policy: {device.simPolicy}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{limitsText(device.throttle)}</Text>
                {device.simThrottles.map((t) => (
                  <Text size="xs" c="dimmed" key={t.slot}>
                    Slot {t.slot}: {limitsText(t)}
                  </Text>
                ))}
              </Table.Td>
              {canWrite && (
                <Table.Td>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button variant="default" size="compact-sm" aria-label={`Actions for ${device.name}`}>
                        Actions
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => onEdit(device)}>Edit</Menu.Item>
                      <Menu.Item onClick={() => void setEnabled(device, device.status === 'disabled')}>
                        {device.status === 'disabled' ? 'Enable' : 'Disable'}
                      </Menu.Item>
                      <Menu.Item onClick={() => void newCode(device)}>New pairing code</Menu.Item>
                      <Menu.Divider />
                      <Menu.Item color="red" onClick={() => onRevoke(device)}>
                        Revoke
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function NewPhoneModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (device: Device, pairing: { code: string; expiresAt: string; qrUrl: string }) => void;
}) {
  const [{ fetching }, createDevice] = useMutation(CreateDevice);
  const [problem, setProblem] = useState<Problem>();
  const form = useForm({ initialValues: { name: '' } });

  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened onClose={onClose} title="Pair a new phone">
      <form
        onSubmit={form.onSubmit(async ({ name }) => {
          const result = await createDevice({ input: { name } });
          setProblem(problemOf(result.error));
          if (result.data) {
            onCreated(result.data.createDevice.device, result.data.createDevice.pairing);
          }
        })}
      >
        <Stack>
          <Text size="sm">Name the phone; the next step shows the code (and QR code) to pair it with.</Text>
          <FormProblem problem={problem} placed={(field) => field === 'name'} />
          <TextInput
            label="Name"
            placeholder="Shop phone"
            required
            data-autofocus
            error={problem?.fields.name}
            {...form.getInputProps('name')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fetching}>
              Get a pairing code
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The code in big letters and as a QR code; it says when the phone has paired and come online. */
function PairingModal({
  pairing,
  device,
  onClose,
}: {
  pairing: ShownPairing;
  device: Device | undefined;
  onClose: () => void;
}) {
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened
      onClose={onClose}
      title={`Pair ${pairing.deviceName}`}
      centered
    >
      <Stack align="center" gap="md">
        <Text size="sm" ta="center">
          In the SMS gateway app, scan this QR code, or enter the server address and the code by hand.
        </Text>
        <img
          src={pairing.qrUrl}
          width={200}
          height={200}
          alt={`QR code for pairing code ${pairing.code}`}
          data-testid="pairing-qr"
        />
        <Stack gap={0} align="center">
          <Text size="sm" c="dimmed">
            Pairing code
          </Text>
          <Title order={3} ff="monospace" fz={32} lts={3} data-testid="pairing-code">
            {pairing.code}
          </Title>
        </Stack>
        <Text size="sm" ta="center">
          Server: <Code>{window.location.origin}</Code>
          <br />
          Valid once, until {formatTime(pairing.expiresAt)}.
        </Text>
        {device?.online ? (
          <Alert color="green" role="status" w="100%" title="Paired">
            {device.name} is online.
          </Alert>
        ) : (
          <Group gap="xs" role="status">
            <Loader size="xs" aria-hidden />
            <Text size="sm">Waiting for the phone…</Text>
          </Group>
        )}
        <Button onClick={onClose} w="100%">
          Done
        </Button>
      </Stack>
    </Modal>
  );
}

type LimitValues = Record<LimitKey, number | string>;

const limitValues = (t: Limits | undefined): LimitValues => ({
  partsPerMinute: t?.partsPerMinute ?? '',
  partsPerHour: t?.partsPerHour ?? '',
  partsPerDay: t?.partsPerDay ?? '',
  minIntervalMs: t?.minIntervalMs ?? '',
});

/** The limits typed in; an empty field is left out (not set). */
function limitsInput(values: LimitValues): Limits {
  const out: Limits = {};
  for (const { key } of LIMIT_FIELDS) {
    const value = values[key];
    if (value !== '' && value !== undefined) out[key] = Number(value);
  }
  return out;
}

function LimitInputs({
  form,
  path,
  errors,
}: {
  // The form's own type is deep; the inputs only need getInputProps.
  form: { getInputProps: (path: string) => object };
  path: string;
  errors: (field: string) => string | undefined;
}) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
      {LIMIT_FIELDS.map(({ key, label }) => (
        <NumberInput
          key={key}
          label={label}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator=","
          {...form.getInputProps(`${path}.${key}`)}
          error={errors(key)}
        />
      ))}
    </SimpleGrid>
  );
}

function EditPhoneModal({ device, onClose }: { device: Device; onClose: () => void }) {
  const [{ fetching }, updateDevice] = useMutation(UpdateDevice);
  const [problem, setProblem] = useState<Problem>();
  const [sentSlots, setSentSlots] = useState<number[]>([]);
  const slots = [...new Set([...device.sims.map((s) => s.slot), ...device.simThrottles.map((t) => t.slot)])].sort(
    (a, b) => a - b,
  );
  const form = useForm({
    initialValues: {
      name: device.name,
      simPolicy: device.simPolicy,
      throttle: limitValues(device.throttle),
      sims: Object.fromEntries(
        slots.map((slot) => [String(slot), limitValues(device.simThrottles.find((t) => t.slot === slot))]),
      ),
    },
  });
  const fields = problem?.fields ?? {};
  // The API names SIM limits by their place in the list sent (`simThrottles.0.partsPerDay`).
  const simError = (slot: number, key: string) => {
    const index = sentSlots.indexOf(slot);
    return index >= 0 ? (fields[`simThrottles.${index}.${key}`] ?? fields[`simThrottles.${index}`]) : undefined;
  };
  const placed = (field: string) =>
    ['name', 'simPolicy', 'throttle', 'simThrottles'].includes(field) ||
    /^throttle\.\w+$/.test(field) ||
    sentSlots.some((_slot, index) => field.startsWith(`simThrottles.${index}.`) || field === `simThrottles.${index}`);

  return (
    <FormModal title={`Edit ${device.name}`} size="lg" onClose={onClose}>
      <form
        onSubmit={form.onSubmit(async (values) => {
          const simThrottles = slots
            .map((slot) => ({ slot, ...limitsInput(values.sims[String(slot)]) }))
            .filter((t) => Object.keys(t).length > 1);
          setSentSlots(simThrottles.map((t) => t.slot));
          const result = await updateDevice({
            input: {
              id: device.id,
              name: values.name,
              simPolicy: values.simPolicy,
              throttle: limitsInput(values.throttle),
              simThrottles,
            },
          });
          setProblem(problemOf(result.error));
          if (result.data) {
            notifyDone(`${result.data.updateDevice.name} saved`);
            onClose();
          }
        })}
      >
        <Stack>
          <FormProblem problem={problem} placed={placed} />
          <TextInput label="Name" required error={fields.name} {...form.getInputProps('name')} />
          <Select
            label="SIM policy"
            description="Which SIM sends when a message names none"
            data={[
              { value: 'first', label: 'First SIM' },
              { value: 'round-robin', label: 'Round robin over the SIMs' },
            ]}
            allowDeselect={false}
            error={fields.simPolicy}
            {...form.getInputProps('simPolicy')}
          />
          <Fieldset legend="Throttle of the phone">
            <Text size="xs" c="dimmed" mb="xs">
              Counted in message parts. Empty: not set (parts per minute then takes the gateway&apos;s default); 0
              parts: no limit.
            </Text>
            <LimitInputs form={form} path="throttle" errors={(key) => fields[`throttle.${key}`]} />
            {fields.throttle && (
              <Text c="var(--mantine-color-error)" size="sm" mt="xs">
                {fields.throttle}
              </Text>
            )}
          </Fieldset>
          {slots.map((slot) => (
            <Fieldset key={slot} legend={`Throttle of SIM slot ${slot}`}>
              <LimitInputs form={form} path={`sims.${slot}`} errors={(key) => simError(slot, key)} />
            </Fieldset>
          ))}
          {fields.simThrottles && (
            <Text c="var(--mantine-color-error)" size="sm">
              {fields.simThrottles}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fetching}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}

function RevokeModal({ device, onClose, onRevoked }: { device: Device; onClose: () => void; onRevoked: () => void }) {
  const [{ fetching }, revokeDevice] = useMutation(RevokeDevice);
  const [problem, setProblem] = useState<Problem>();
  return (
    <ConfirmModal
      title={`Revoke ${device.name}?`}
      confirmLabel="Revoke"
      busy={fetching}
      problem={problem}
      onClose={onClose}
      onConfirm={() => {
        void revokeDevice({ input: { id: device.id } }).then((result) => {
          setProblem(problemOf(result.error));
          if (result.data?.revokeDevice) {
            notifyDone(`${device.name} revoked`);
            onClose();
            onRevoked();
          }
        });
      }}
    >
      Its token stops working and it is disconnected at once, and it leaves this list. To use the phone again, pair it
      as a new phone.
    </ConfirmModal>
  );
}
