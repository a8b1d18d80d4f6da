import {
  Anchor,
  Button,
  Grid,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { PageHeader, ProblemAlert } from '../components/page';
import { graphql } from '../gql';
import { problemOf } from '../lib/problem';

const Phones = graphql(`
  query ConsoleSendPhones {
    devices {
      id
      name
      online
      status
      sims {
        slot
        operator
        phoneNumber
      }
    }
  }
`);

const Preview = graphql(`
  query ConsoleSendPreview($body: String!) {
    messagePreview(body: $body) {
      encoding
      segments
      characters
      charactersPerSegment
      remainingInSegment
    }
  }
`);

const Send = graphql(`
  mutation ConsoleSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      status
      segments
    }
  }
`);

interface Values {
  to: string;
  body: string;
  deviceId: string | null;
  simSlot: string | null;
  priority: string;
  sendAt: string;
  ttlSeconds: number | string;
}

/** The counter is the server's own count (the same code the send path uses), a moment after typing stops. */
function SegmentCounter({ body }: { body: string }) {
  const [debounced] = useDebouncedValue(body, 250);
  const [{ data }] = useQuery({ query: Preview, variables: { body: debounced }, pause: debounced.length === 0 });
  const preview = debounced.length > 0 ? data?.messagePreview : undefined;
  return (
    <Text size="sm" c="dimmed" aria-live="polite" data-testid="segment-counter">
      {preview
        ? `${preview.encoding} · ${preview.segments} segment${preview.segments === 1 ? '' : 's'} · ${preview.characters} characters · ${preview.remainingInSegment} left in this segment`
        : 'Type a message to see its encoding and segments'}
    </Text>
  );
}

export default function SendPage() {
  const [{ data: phones }] = useQuery({ query: Phones });
  const [{ fetching, error }, send] = useMutation(Send);
  const form = useForm<Values>({
    initialValues: { to: '', body: '', deviceId: null, simSlot: null, priority: 'normal', sendAt: '', ttlSeconds: '' },
  });
  const problem = problemOf(error);
  const device = phones?.devices.find((d) => d.id === form.values.deviceId);

  return (
    <>
      <PageHeader title="Send" />
      <Paper withBorder p="md" maw={860}>
        <form
          onSubmit={form.onSubmit(async (values) => {
            const result = await send({
              input: {
                to: values.to.trim(),
                body: values.body,
                ...(values.deviceId ? { deviceId: values.deviceId } : {}),
                ...(values.simSlot !== null ? { simSlot: Number(values.simSlot) } : {}),
                priority: values.priority,
                ...(values.sendAt ? { sendAt: new Date(values.sendAt).toISOString() } : {}),
                ...(values.ttlSeconds !== '' ? { ttlSeconds: Number(values.ttlSeconds) } : {}),
              },
            });
            const sent = result.data?.sendMessage;
            if (sent) {
              notifications.show({
                color: 'green',
                title: 'Accepted',
                message: (
                  <>
                    Message {sent.status} ({sent.segments} segment{sent.segments === 1 ? '' : 's'}).{' '}
                    <Anchor component={Link} to={`/messages/${sent.id}`}>
                      Follow it
                    </Anchor>
                  </>
                ),
              });
              form.setFieldValue('body', '');
            }
          })}
        >
          <Stack>
            <ProblemAlert problem={problem} title="Not sent" />
            <TextInput
              label="To"
              description="In international format, e.g. +4915123456789"
              required
              autoComplete="off"
              {...form.getInputProps('to')}
              error={problem?.fields.to ?? form.errors.to}
            />
            <div>
              <Textarea
                label="Message"
                required
                autosize
                minRows={4}
                {...form.getInputProps('body')}
                error={problem?.fields.body ?? form.errors.body}
              />
              <SegmentCounter body={form.values.body} />
            </div>
            <Grid>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Select
                  label="Phone"
                  placeholder="Chosen by the routing rules"
                  clearable
                  data={(phones?.devices ?? []).map((d) => ({
                    value: d.id,
                    label: `${d.name} (${d.online ? 'online' : d.status})`,
                  }))}
                  {...form.getInputProps('deviceId')}
                  error={problem?.fields.deviceId ?? form.errors.deviceId}
                  onChange={(value: string | null) => {
                    form.setFieldValue('deviceId', value);
                    form.setFieldValue('simSlot', null);
                  }}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Select
                  label="SIM"
                  placeholder={device ? 'By the phone’s SIM policy' : 'Choose a phone first'}
                  disabled={!device}
                  clearable
                  data={(device?.sims ?? []).map((s) => ({
                    value: String(s.slot),
                    label: `Slot ${s.slot}${s.operator ? ` · ${s.operator}` : ''}${s.phoneNumber ? ` · ${s.phoneNumber}` : ''}`,
                  }))}
                  {...form.getInputProps('simSlot')}
                  error={problem?.fields.simSlot ?? form.errors.simSlot}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <Select
                  label="Priority"
                  data={[
                    { value: 'normal', label: 'Normal' },
                    { value: 'high', label: 'High (one-time codes)' },
                  ]}
                  allowDeselect={false}
                  {...form.getInputProps('priority')}
                  error={problem?.fields.priority ?? form.errors.priority}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput
                  type="datetime-local"
                  label="Send at"
                  description="Empty: now"
                  {...form.getInputProps('sendAt')}
                  error={problem?.fields.sendAt ?? form.errors.sendAt}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <NumberInput
                  label="Expire after (seconds)"
                  description="60 to 604,800; empty: 1 day"
                  min={60}
                  max={604800}
                  allowDecimal={false}
                  {...form.getInputProps('ttlSeconds')}
                  error={problem?.fields.ttlSeconds ?? form.errors.ttlSeconds}
                />
              </Grid.Col>
            </Grid>
            <Group>
              <Button type="submit" loading={fetching}>
                Send
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
