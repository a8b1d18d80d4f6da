/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  '\n  query ConsoleMe {\n    me {\n      subjectId\n      scopes\n      account {\n        id\n        name\n      }\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n': typeof types.ConsoleMeDocument;
  '\n  subscription ConsoleSessionWatch {\n    deviceStatusChanged {\n      deviceId\n    }\n  }\n': typeof types.ConsoleSessionWatchDocument;
  '\n  mutation ConsoleAcceptInvite($input: AcceptInviteInput!) {\n    acceptInvite(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n': typeof types.ConsoleAcceptInviteDocument;
  '\n  query ConsoleThreads($number: String, $after: String) {\n    conversations(first: 30, number: $number, after: $after) {\n      edges {\n        node {\n          number\n          lastMessageAt\n          lastBody\n          lastDirection\n          unread\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.ConsoleThreadsDocument;
  '\n  query ConsoleThread($number: String!, $after: String) {\n    conversation(number: $number) {\n      number\n      unread\n      messages(first: 50, after: $after) {\n        edges {\n          node {\n            id\n            direction\n            body\n            status\n            errorCode\n            at\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n': typeof types.ConsoleThreadDocument;
  '\n  mutation ConsoleMarkRead($input: MarkConversationReadInput!) {\n    markConversationRead(input: $input) {\n      number\n      unread\n    }\n  }\n': typeof types.ConsoleMarkReadDocument;
  '\n  mutation ConsoleReply($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n    }\n  }\n': typeof types.ConsoleReplyDocument;
  '\n  subscription ConsoleConversationUpdated {\n    conversationUpdated {\n      number\n      messageId\n    }\n  }\n': typeof types.ConsoleConversationUpdatedDocument;
  '\n  subscription ConsoleThreadStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n': typeof types.ConsoleThreadStatusesDocument;
  '\n  query ConsoleDashboard {\n    dashboard {\n      statusCounts24h {\n        hour\n        counts {\n          status\n          count\n        }\n      }\n      throughputLastHour {\n        total\n        perMinute {\n          minute\n          count\n        }\n      }\n      queue {\n        waiting\n        scheduled\n        oldestAgeSeconds\n      }\n      deadLetters\n      phones {\n        online\n        total\n        devices {\n          id\n          name\n          online\n          limitPerMinute\n          sentLastMinute\n          headroom\n        }\n      }\n      carriers {\n        id\n        name\n        kind\n        state\n        enabled\n      }\n    }\n  }\n': typeof types.ConsoleDashboardDocument;
  '\n  subscription ConsoleDashboardChanges {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n': typeof types.ConsoleDashboardChangesDocument;
  '\n  query ConsoleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      to\n      from\n      body\n      status\n      segments\n      encoding\n      priority\n      attempts\n      deviceId\n      carrierId\n      routeId\n      simSlot\n      errorCode\n      errorMessage\n      createdAt\n      sendAt\n      sentAt\n      deliveredAt\n      expiresAt\n      events {\n        status\n        at\n        source\n        attempt\n        deviceId\n        carrierId\n        errorCode\n        errorMessage\n      }\n    }\n  }\n': typeof types.ConsoleMessageDocument;
  '\n  subscription ConsoleOneMessage($id: ID!) {\n    messageStatusChanged(messageId: $id) {\n      messageId\n      status\n    }\n  }\n': typeof types.ConsoleOneMessageDocument;
  '\n  mutation ConsoleCancel($input: CancelMessageInput!) {\n    cancelMessage(input: $input) {\n      id\n      status\n    }\n  }\n': typeof types.ConsoleCancelDocument;
  '\n  mutation ConsoleRedrive($input: RetryMessageInput!) {\n    retryMessage(input: $input) {\n      id\n      status\n    }\n  }\n': typeof types.ConsoleRedriveDocument;
  '\n  query ConsoleMessages($first: Int, $after: String, $status: [String!], $to: String, $since: String, $until: String) {\n    messages(first: $first, after: $after, status: $status, to: $to, since: $since, until: $until) {\n      edges {\n        node {\n          id\n          to\n          body\n          status\n          segments\n          createdAt\n          deviceId\n          errorCode\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.ConsoleMessagesDocument;
  '\n  subscription ConsoleMessageStatuses {\n    messageStatusChanged {\n      messageId\n      status\n      errorCode\n    }\n  }\n': typeof types.ConsoleMessageStatusesDocument;
  '\n  query ConsoleSendPhones {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n': typeof types.ConsoleSendPhonesDocument;
  '\n  query ConsoleSendPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n      characters\n      charactersPerSegment\n      remainingInSegment\n    }\n  }\n': typeof types.ConsoleSendPreviewDocument;
  '\n  mutation ConsoleSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n      segments\n    }\n  }\n': typeof types.ConsoleSendDocument;
  '\n  mutation ConsoleSignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n': typeof types.ConsoleSignInDocument;
};
const documents: Documents = {
  '\n  query ConsoleMe {\n    me {\n      subjectId\n      scopes\n      account {\n        id\n        name\n      }\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n':
    types.ConsoleMeDocument,
  '\n  subscription ConsoleSessionWatch {\n    deviceStatusChanged {\n      deviceId\n    }\n  }\n':
    types.ConsoleSessionWatchDocument,
  '\n  mutation ConsoleAcceptInvite($input: AcceptInviteInput!) {\n    acceptInvite(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n':
    types.ConsoleAcceptInviteDocument,
  '\n  query ConsoleThreads($number: String, $after: String) {\n    conversations(first: 30, number: $number, after: $after) {\n      edges {\n        node {\n          number\n          lastMessageAt\n          lastBody\n          lastDirection\n          unread\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.ConsoleThreadsDocument,
  '\n  query ConsoleThread($number: String!, $after: String) {\n    conversation(number: $number) {\n      number\n      unread\n      messages(first: 50, after: $after) {\n        edges {\n          node {\n            id\n            direction\n            body\n            status\n            errorCode\n            at\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n':
    types.ConsoleThreadDocument,
  '\n  mutation ConsoleMarkRead($input: MarkConversationReadInput!) {\n    markConversationRead(input: $input) {\n      number\n      unread\n    }\n  }\n':
    types.ConsoleMarkReadDocument,
  '\n  mutation ConsoleReply($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n    }\n  }\n':
    types.ConsoleReplyDocument,
  '\n  subscription ConsoleConversationUpdated {\n    conversationUpdated {\n      number\n      messageId\n    }\n  }\n':
    types.ConsoleConversationUpdatedDocument,
  '\n  subscription ConsoleThreadStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n':
    types.ConsoleThreadStatusesDocument,
  '\n  query ConsoleDashboard {\n    dashboard {\n      statusCounts24h {\n        hour\n        counts {\n          status\n          count\n        }\n      }\n      throughputLastHour {\n        total\n        perMinute {\n          minute\n          count\n        }\n      }\n      queue {\n        waiting\n        scheduled\n        oldestAgeSeconds\n      }\n      deadLetters\n      phones {\n        online\n        total\n        devices {\n          id\n          name\n          online\n          limitPerMinute\n          sentLastMinute\n          headroom\n        }\n      }\n      carriers {\n        id\n        name\n        kind\n        state\n        enabled\n      }\n    }\n  }\n':
    types.ConsoleDashboardDocument,
  '\n  subscription ConsoleDashboardChanges {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n':
    types.ConsoleDashboardChangesDocument,
  '\n  query ConsoleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      to\n      from\n      body\n      status\n      segments\n      encoding\n      priority\n      attempts\n      deviceId\n      carrierId\n      routeId\n      simSlot\n      errorCode\n      errorMessage\n      createdAt\n      sendAt\n      sentAt\n      deliveredAt\n      expiresAt\n      events {\n        status\n        at\n        source\n        attempt\n        deviceId\n        carrierId\n        errorCode\n        errorMessage\n      }\n    }\n  }\n':
    types.ConsoleMessageDocument,
  '\n  subscription ConsoleOneMessage($id: ID!) {\n    messageStatusChanged(messageId: $id) {\n      messageId\n      status\n    }\n  }\n':
    types.ConsoleOneMessageDocument,
  '\n  mutation ConsoleCancel($input: CancelMessageInput!) {\n    cancelMessage(input: $input) {\n      id\n      status\n    }\n  }\n':
    types.ConsoleCancelDocument,
  '\n  mutation ConsoleRedrive($input: RetryMessageInput!) {\n    retryMessage(input: $input) {\n      id\n      status\n    }\n  }\n':
    types.ConsoleRedriveDocument,
  '\n  query ConsoleMessages($first: Int, $after: String, $status: [String!], $to: String, $since: String, $until: String) {\n    messages(first: $first, after: $after, status: $status, to: $to, since: $since, until: $until) {\n      edges {\n        node {\n          id\n          to\n          body\n          status\n          segments\n          createdAt\n          deviceId\n          errorCode\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.ConsoleMessagesDocument,
  '\n  subscription ConsoleMessageStatuses {\n    messageStatusChanged {\n      messageId\n      status\n      errorCode\n    }\n  }\n':
    types.ConsoleMessageStatusesDocument,
  '\n  query ConsoleSendPhones {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n':
    types.ConsoleSendPhonesDocument,
  '\n  query ConsoleSendPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n      characters\n      charactersPerSegment\n      remainingInSegment\n    }\n  }\n':
    types.ConsoleSendPreviewDocument,
  '\n  mutation ConsoleSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n      segments\n    }\n  }\n':
    types.ConsoleSendDocument,
  '\n  mutation ConsoleSignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n':
    types.ConsoleSignInDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsoleMe {\n    me {\n      subjectId\n      scopes\n      account {\n        id\n        name\n      }\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n',
): (typeof documents)['\n  query ConsoleMe {\n    me {\n      subjectId\n      scopes\n      account {\n        id\n        name\n      }\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription ConsoleSessionWatch {\n    deviceStatusChanged {\n      deviceId\n    }\n  }\n',
): (typeof documents)['\n  subscription ConsoleSessionWatch {\n    deviceStatusChanged {\n      deviceId\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ConsoleAcceptInvite($input: AcceptInviteInput!) {\n    acceptInvite(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n',
): (typeof documents)['\n  mutation ConsoleAcceptInvite($input: AcceptInviteInput!) {\n    acceptInvite(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsoleThreads($number: String, $after: String) {\n    conversations(first: 30, number: $number, after: $after) {\n      edges {\n        node {\n          number\n          lastMessageAt\n          lastBody\n          lastDirection\n          unread\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query ConsoleThreads($number: String, $after: String) {\n    conversations(first: 30, number: $number, after: $after) {\n      edges {\n        node {\n          number\n          lastMessageAt\n          lastBody\n          lastDirection\n          unread\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsoleThread($number: String!, $after: String) {\n    conversation(number: $number) {\n      number\n      unread\n      messages(first: 50, after: $after) {\n        edges {\n          node {\n            id\n            direction\n            body\n            status\n            errorCode\n            at\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query ConsoleThread($number: String!, $after: String) {\n    conversation(number: $number) {\n      number\n      unread\n      messages(first: 50, after: $after) {\n        edges {\n          node {\n            id\n            direction\n            body\n            status\n            errorCode\n            at\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ConsoleMarkRead($input: MarkConversationReadInput!) {\n    markConversationRead(input: $input) {\n      number\n      unread\n    }\n  }\n',
): (typeof documents)['\n  mutation ConsoleMarkRead($input: MarkConversationReadInput!) {\n    markConversationRead(input: $input) {\n      number\n      unread\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ConsoleReply($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n    }\n  }\n',
): (typeof documents)['\n  mutation ConsoleReply($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription ConsoleConversationUpdated {\n    conversationUpdated {\n      number\n      messageId\n    }\n  }\n',
): (typeof documents)['\n  subscription ConsoleConversationUpdated {\n    conversationUpdated {\n      number\n      messageId\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription ConsoleThreadStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n',
): (typeof documents)['\n  subscription ConsoleThreadStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsoleDashboard {\n    dashboard {\n      statusCounts24h {\n        hour\n        counts {\n          status\n          count\n        }\n      }\n      throughputLastHour {\n        total\n        perMinute {\n          minute\n          count\n        }\n      }\n      queue {\n        waiting\n        scheduled\n        oldestAgeSeconds\n      }\n      deadLetters\n      phones {\n        online\n        total\n        devices {\n          id\n          name\n          online\n          limitPerMinute\n          sentLastMinute\n          headroom\n        }\n      }\n      carriers {\n        id\n        name\n        kind\n        state\n        enabled\n      }\n    }\n  }\n',
): (typeof documents)['\n  query ConsoleDashboard {\n    dashboard {\n      statusCounts24h {\n        hour\n        counts {\n          status\n          count\n        }\n      }\n      throughputLastHour {\n        total\n        perMinute {\n          minute\n          count\n        }\n      }\n      queue {\n        waiting\n        scheduled\n        oldestAgeSeconds\n      }\n      deadLetters\n      phones {\n        online\n        total\n        devices {\n          id\n          name\n          online\n          limitPerMinute\n          sentLastMinute\n          headroom\n        }\n      }\n      carriers {\n        id\n        name\n        kind\n        state\n        enabled\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription ConsoleDashboardChanges {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n',
): (typeof documents)['\n  subscription ConsoleDashboardChanges {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsoleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      to\n      from\n      body\n      status\n      segments\n      encoding\n      priority\n      attempts\n      deviceId\n      carrierId\n      routeId\n      simSlot\n      errorCode\n      errorMessage\n      createdAt\n      sendAt\n      sentAt\n      deliveredAt\n      expiresAt\n      events {\n        status\n        at\n        source\n        attempt\n        deviceId\n        carrierId\n        errorCode\n        errorMessage\n      }\n    }\n  }\n',
): (typeof documents)['\n  query ConsoleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      to\n      from\n      body\n      status\n      segments\n      encoding\n      priority\n      attempts\n      deviceId\n      carrierId\n      routeId\n      simSlot\n      errorCode\n      errorMessage\n      createdAt\n      sendAt\n      sentAt\n      deliveredAt\n      expiresAt\n      events {\n        status\n        at\n        source\n        attempt\n        deviceId\n        carrierId\n        errorCode\n        errorMessage\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription ConsoleOneMessage($id: ID!) {\n    messageStatusChanged(messageId: $id) {\n      messageId\n      status\n    }\n  }\n',
): (typeof documents)['\n  subscription ConsoleOneMessage($id: ID!) {\n    messageStatusChanged(messageId: $id) {\n      messageId\n      status\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ConsoleCancel($input: CancelMessageInput!) {\n    cancelMessage(input: $input) {\n      id\n      status\n    }\n  }\n',
): (typeof documents)['\n  mutation ConsoleCancel($input: CancelMessageInput!) {\n    cancelMessage(input: $input) {\n      id\n      status\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ConsoleRedrive($input: RetryMessageInput!) {\n    retryMessage(input: $input) {\n      id\n      status\n    }\n  }\n',
): (typeof documents)['\n  mutation ConsoleRedrive($input: RetryMessageInput!) {\n    retryMessage(input: $input) {\n      id\n      status\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsoleMessages($first: Int, $after: String, $status: [String!], $to: String, $since: String, $until: String) {\n    messages(first: $first, after: $after, status: $status, to: $to, since: $since, until: $until) {\n      edges {\n        node {\n          id\n          to\n          body\n          status\n          segments\n          createdAt\n          deviceId\n          errorCode\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query ConsoleMessages($first: Int, $after: String, $status: [String!], $to: String, $since: String, $until: String) {\n    messages(first: $first, after: $after, status: $status, to: $to, since: $since, until: $until) {\n      edges {\n        node {\n          id\n          to\n          body\n          status\n          segments\n          createdAt\n          deviceId\n          errorCode\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription ConsoleMessageStatuses {\n    messageStatusChanged {\n      messageId\n      status\n      errorCode\n    }\n  }\n',
): (typeof documents)['\n  subscription ConsoleMessageStatuses {\n    messageStatusChanged {\n      messageId\n      status\n      errorCode\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsoleSendPhones {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n',
): (typeof documents)['\n  query ConsoleSendPhones {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsoleSendPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n      characters\n      charactersPerSegment\n      remainingInSegment\n    }\n  }\n',
): (typeof documents)['\n  query ConsoleSendPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n      characters\n      charactersPerSegment\n      remainingInSegment\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ConsoleSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n      segments\n    }\n  }\n',
): (typeof documents)['\n  mutation ConsoleSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n      segments\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ConsoleSignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n',
): (typeof documents)['\n  mutation ConsoleSignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
