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
    "\n  query ConsoleMe {\n    me {\n      subjectId\n      scopes\n      account {\n        id\n        name\n      }\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n": typeof types.ConsoleMeDocument,
    "\n  subscription ConsoleSessionWatch {\n    deviceStatusChanged {\n      deviceId\n    }\n  }\n": typeof types.ConsoleSessionWatchDocument,
    "\n  mutation ConsoleAcceptInvite($input: AcceptInviteInput!) {\n    acceptInvite(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": typeof types.ConsoleAcceptInviteDocument,
    "\n  query ConsoleOAuthClients {\n    oauthClients {\n      clientId\n      name\n      scopes\n      createdAt\n      lastUsedAt\n      secretRotatedAt\n    }\n  }\n": typeof types.ConsoleOAuthClientsDocument,
    "\n  mutation ConsoleCreateOAuthClient($input: CreateOAuthClientInput!) {\n    createOAuthClient(input: $input) {\n      clientId\n      clientSecret\n      name\n    }\n  }\n": typeof types.ConsoleCreateOAuthClientDocument,
    "\n  mutation ConsoleRotateOAuthClientSecret($input: RotateOAuthClientSecretInput!) {\n    rotateOAuthClientSecret(input: $input) {\n      clientId\n      clientSecret\n      name\n    }\n  }\n": typeof types.ConsoleRotateOAuthClientSecretDocument,
    "\n  mutation ConsoleRevokeOAuthClient($input: RevokeOAuthClientInput!) {\n    revokeOAuthClient(input: $input)\n  }\n": typeof types.ConsoleRevokeOAuthClientDocument,
    "\n  query ConsoleAuditEvents(\n    $action: String\n    $targetId: String\n    $actorId: String\n    $since: String\n    $until: String\n    $after: String\n  ) {\n    auditEvents(\n      first: 30\n      action: $action\n      targetId: $targetId\n      actorId: $actorId\n      since: $since\n      until: $until\n      after: $after\n    ) {\n      edges {\n        node {\n          id\n          action\n          at\n          actor {\n            kind\n            id\n          }\n          target {\n            type\n            id\n          }\n          ip\n          requestId\n          diff\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleAuditEventsDocument,
    "\n  query ConsoleAuditPeople {\n    users {\n      id\n      email\n    }\n  }\n": typeof types.ConsoleAuditPeopleDocument,
    "\n  query ConsoleCampaignSetup {\n    templates {\n      id\n      name\n      body\n      defaults\n      variables\n    }\n  }\n": typeof types.ConsoleCampaignSetupDocument,
    "\n  query ConsoleCampaignDevices {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n": typeof types.ConsoleCampaignDevicesDocument,
    "\n  query ConsoleCampaignRowPreview($id: ID!, $input: TemplatePreviewInput) {\n    templatePreview(id: $id, input: $input) {\n      body\n      encoding\n      segments\n    }\n  }\n": typeof types.ConsoleCampaignRowPreviewDocument,
    "\n  query ConsoleCampaignBodyPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n    }\n  }\n": typeof types.ConsoleCampaignBodyPreviewDocument,
    "\n  mutation ConsoleCreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n      name\n      state\n      startAt\n    }\n  }\n": typeof types.ConsoleCreateCampaignDocument,
    "\n  mutation ConsoleWizardLaunchCampaign($input: CampaignIdInput!) {\n    launchCampaign(input: $input) {\n      id\n      state\n    }\n  }\n": typeof types.ConsoleWizardLaunchCampaignDocument,
    "\n  fragment ConsoleCampaignFields on Campaign {\n    id\n    name\n    state\n    templateId\n    body\n    defaults\n    deviceId\n    simSlot\n    from\n    startAt\n    quietHours {\n      start\n      end\n    }\n    pace\n    createdBy\n    createdAt\n    launchedAt\n    finishedAt\n    updatedAt\n    counts {\n      total\n      pending\n      queued\n      sent\n      delivered\n      failed\n      canceled\n      suppressed\n      invalid\n      duplicates\n      optedOut\n      deliveryRate\n    }\n  }\n": typeof types.ConsoleCampaignFieldsFragmentDoc,
    "\n  query ConsoleCampaignPhones {\n    devices {\n      id\n      name\n    }\n  }\n": typeof types.ConsoleCampaignPhonesDocument,
    "\n  query ConsoleCampaign($id: ID!) {\n    campaign(id: $id) {\n      ...ConsoleCampaignFields\n    }\n  }\n": typeof types.ConsoleCampaignDocument,
    "\n  subscription ConsoleCampaignProgress($id: ID!) {\n    campaignProgress(id: $id) {\n      ...ConsoleCampaignFields\n    }\n  }\n": typeof types.ConsoleCampaignProgressDocument,
    "\n  mutation ConsoleLaunchCampaign($input: CampaignIdInput!) {\n    launchCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n": typeof types.ConsoleLaunchCampaignDocument,
    "\n  mutation ConsolePauseCampaign($input: CampaignIdInput!) {\n    pauseCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n": typeof types.ConsolePauseCampaignDocument,
    "\n  mutation ConsoleResumeCampaign($input: CampaignIdInput!) {\n    resumeCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n": typeof types.ConsoleResumeCampaignDocument,
    "\n  mutation ConsoleCancelCampaign($input: CampaignIdInput!) {\n    cancelCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n": typeof types.ConsoleCancelCampaignDocument,
    "\n  query ConsoleCampaigns($after: String) {\n    campaigns(first: 25, after: $after) {\n      edges {\n        node {\n          id\n          name\n          state\n          startAt\n          launchedAt\n          finishedAt\n          createdAt\n          counts {\n            total\n            pending\n            queued\n            sent\n            delivered\n            failed\n            canceled\n            suppressed\n            invalid\n            duplicates\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleCampaignsDocument,
    "\n  fragment ConsoleCarrierFields on Carrier {\n    id\n    name\n    kind\n    enabled\n    smpp\n    http\n    state\n    stateDetail\n    stateSince\n    counters {\n      submitted\n      receipts\n      inbound\n      rejected\n      throttled\n      reconnects\n    }\n    updatedAt\n  }\n": typeof types.ConsoleCarrierFieldsFragmentDoc,
    "\n  query ConsoleCarriers {\n    carriers {\n      ...ConsoleCarrierFields\n    }\n  }\n": typeof types.ConsoleCarriersDocument,
    "\n  mutation ConsoleCreateCarrier($input: CreateCarrierInput!) {\n    createCarrier(input: $input) {\n      ...ConsoleCarrierFields\n    }\n  }\n": typeof types.ConsoleCreateCarrierDocument,
    "\n  mutation ConsoleUpdateCarrier($input: UpdateCarrierInput!) {\n    updateCarrier(input: $input) {\n      ...ConsoleCarrierFields\n    }\n  }\n": typeof types.ConsoleUpdateCarrierDocument,
    "\n  mutation ConsoleDeleteCarrier($input: DeleteCarrierInput!) {\n    deleteCarrier(input: $input)\n  }\n": typeof types.ConsoleDeleteCarrierDocument,
    "\n  query ConsoleThreads($number: String, $after: String) {\n    conversations(first: 30, number: $number, after: $after) {\n      edges {\n        node {\n          number\n          lastMessageAt\n          lastBody\n          lastDirection\n          unread\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleThreadsDocument,
    "\n  query ConsoleThread($number: String!, $after: String) {\n    conversation(number: $number) {\n      number\n      unread\n      messages(first: 50, after: $after) {\n        edges {\n          node {\n            id\n            direction\n            body\n            status\n            errorCode\n            at\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.ConsoleThreadDocument,
    "\n  mutation ConsoleMarkRead($input: MarkConversationReadInput!) {\n    markConversationRead(input: $input) {\n      number\n      unread\n    }\n  }\n": typeof types.ConsoleMarkReadDocument,
    "\n  mutation ConsoleReply($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleReplyDocument,
    "\n  subscription ConsoleConversationUpdated {\n    conversationUpdated {\n      number\n      messageId\n    }\n  }\n": typeof types.ConsoleConversationUpdatedDocument,
    "\n  subscription ConsoleThreadStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n": typeof types.ConsoleThreadStatusesDocument,
    "\n  query ConsoleDashboard {\n    dashboard {\n      statusCounts24h {\n        hour\n        counts {\n          status\n          count\n        }\n      }\n      throughputLastHour {\n        total\n        perMinute {\n          minute\n          count\n        }\n      }\n      queue {\n        waiting\n        scheduled\n        oldestAgeSeconds\n      }\n      deadLetters\n      phones {\n        online\n        total\n        devices {\n          id\n          name\n          online\n          limitPerMinute\n          sentLastMinute\n          headroom\n        }\n      }\n      carriers {\n        id\n        name\n        kind\n        state\n        enabled\n      }\n    }\n  }\n": typeof types.ConsoleDashboardDocument,
    "\n  subscription ConsoleDashboardChanges {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n": typeof types.ConsoleDashboardChangesDocument,
    "\n  query ConsoleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      to\n      from\n      body\n      status\n      segments\n      encoding\n      priority\n      attempts\n      deviceId\n      carrierId\n      routeId\n      simSlot\n      errorCode\n      errorMessage\n      clientReference\n      campaignId\n      sentBy\n      createdAt\n      sendAt\n      sentAt\n      deliveredAt\n      expiresAt\n      events {\n        status\n        at\n        source\n        attempt\n        deviceId\n        carrierId\n        errorCode\n        errorMessage\n      }\n    }\n  }\n": typeof types.ConsoleMessageDocument,
    "\n  subscription ConsoleOneMessage($id: ID!) {\n    messageStatusChanged(messageId: $id) {\n      messageId\n      status\n    }\n  }\n": typeof types.ConsoleOneMessageDocument,
    "\n  mutation ConsoleCancel($input: CancelMessageInput!) {\n    cancelMessage(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleCancelDocument,
    "\n  mutation ConsoleRedrive($input: RetryMessageInput!) {\n    retryMessage(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleRedriveDocument,
    "\n  query ConsoleMessages($first: Int, $after: String, $status: [String!], $to: String, $since: String, $until: String) {\n    messages(first: $first, after: $after, status: $status, to: $to, since: $since, until: $until) {\n      edges {\n        node {\n          id\n          to\n          body\n          status\n          segments\n          createdAt\n          deviceId\n          errorCode\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleMessagesDocument,
    "\n  subscription ConsoleMessageStatuses {\n    messageStatusChanged {\n      messageId\n      status\n      errorCode\n    }\n  }\n": typeof types.ConsoleMessageStatusesDocument,
    "\n  query ConsoleSuppressions($phoneNumber: String, $reason: String, $after: String) {\n    suppressions(first: 25, phoneNumber: $phoneNumber, reason: $reason, after: $after) {\n      edges {\n        node {\n          id\n          phoneNumber\n          reason\n          sourceMessageId\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleSuppressionsDocument,
    "\n  mutation ConsoleAddSuppression($input: AddSuppressionInput!) {\n    addSuppression(input: $input) {\n      id\n      phoneNumber\n    }\n  }\n": typeof types.ConsoleAddSuppressionDocument,
    "\n  mutation ConsoleRemoveSuppression($input: RemoveSuppressionInput!) {\n    removeSuppression(input: $input)\n  }\n": typeof types.ConsoleRemoveSuppressionDocument,
    "\n  subscription ConsoleOptOutsInbound {\n    inboundMessageReceived {\n      id\n    }\n  }\n": typeof types.ConsoleOptOutsInboundDocument,
    "\n  subscription ConsoleOptOutsStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n": typeof types.ConsoleOptOutsStatusesDocument,
    "\n  fragment ConsolePhoneFields on Device {\n    id\n    name\n    status\n    online\n    paired\n    lastSeenAt\n    battery\n    charging\n    batteryOptimizationExempt\n    signal\n    queueDepth\n    appVersion\n    simPolicy\n    sims {\n      slot\n      operator\n      phoneNumber\n    }\n    throttle {\n      partsPerMinute\n      partsPerHour\n      partsPerDay\n      minIntervalMs\n    }\n    simThrottles {\n      slot\n      partsPerMinute\n      partsPerHour\n      partsPerDay\n      minIntervalMs\n    }\n  }\n": typeof types.ConsolePhoneFieldsFragmentDoc,
    "\n  query ConsolePhones {\n    devices {\n      ...ConsolePhoneFields\n    }\n  }\n": typeof types.ConsolePhonesDocument,
    "\n  subscription ConsolePhoneStatusChanged {\n    deviceStatusChanged {\n      deviceId\n      status\n      at\n    }\n  }\n": typeof types.ConsolePhoneStatusChangedDocument,
    "\n  mutation ConsoleCreateDevice($input: CreateDeviceInput!) {\n    createDevice(input: $input) {\n      device {\n        ...ConsolePhoneFields\n      }\n      pairing {\n        code\n        expiresAt\n        qrUrl\n      }\n    }\n  }\n": typeof types.ConsoleCreateDeviceDocument,
    "\n  mutation ConsoleUpdateDevice($input: UpdateDeviceInput!) {\n    updateDevice(input: $input) {\n      ...ConsolePhoneFields\n    }\n  }\n": typeof types.ConsoleUpdateDeviceDocument,
    "\n  mutation ConsoleRevokeDevice($input: RevokeDeviceInput!) {\n    revokeDevice(input: $input)\n  }\n": typeof types.ConsoleRevokeDeviceDocument,
    "\n  mutation ConsoleCreatePairingCode($input: CreatePairingCodeInput!) {\n    createPairingCode(input: $input) {\n      code\n      expiresAt\n      qrUrl\n    }\n  }\n": typeof types.ConsoleCreatePairingCodeDocument,
    "\n  mutation ConsoleChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ConsoleChangePasswordDocument,
    "\n  fragment ConsoleRouteFields on Route {\n    id\n    name\n    position\n    isDefault\n    enabled\n    strategy\n    match {\n      prefixes\n      countries\n      priority\n    }\n    targets {\n      kind\n      deviceId\n      deviceIds\n      carrierId\n      weight\n      prices\n    }\n  }\n": typeof types.ConsoleRouteFieldsFragmentDoc,
    "\n  query ConsoleRoutes {\n    routes {\n      ...ConsoleRouteFields\n    }\n    devices {\n      id\n      name\n    }\n    carriers {\n      id\n      name\n      kind\n    }\n  }\n": typeof types.ConsoleRoutesDocument,
    "\n  mutation ConsoleUpsertRoute($input: UpsertRouteInput!) {\n    upsertRoute(input: $input) {\n      ...ConsoleRouteFields\n    }\n  }\n": typeof types.ConsoleUpsertRouteDocument,
    "\n  mutation ConsoleDeleteRoute($input: DeleteRouteInput!) {\n    deleteRoute(input: $input)\n  }\n": typeof types.ConsoleDeleteRouteDocument,
    "\n  query ConsoleSendPhones {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n": typeof types.ConsoleSendPhonesDocument,
    "\n  query ConsoleSendPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n      characters\n      charactersPerSegment\n      remainingInSegment\n    }\n  }\n": typeof types.ConsoleSendPreviewDocument,
    "\n  mutation ConsoleSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n      segments\n    }\n  }\n": typeof types.ConsoleSendDocument,
    "\n  query ConsoleAccountSettings {\n    accountSettings {\n      stickyRecipients\n      keywordReplies {\n        stop\n        start\n        help\n      }\n      allowedCountries\n    }\n  }\n": typeof types.ConsoleAccountSettingsDocument,
    "\n  mutation ConsoleUpdateAccountSettings($input: UpdateAccountSettingsInput!) {\n    updateAccountSettings(input: $input) {\n      stickyRecipients\n      keywordReplies {\n        stop\n        start\n        help\n      }\n      allowedCountries\n    }\n  }\n": typeof types.ConsoleUpdateAccountSettingsDocument,
    "\n  mutation ConsoleSignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": typeof types.ConsoleSignInDocument,
    "\n  query ConsoleTemplates {\n    templates {\n      id\n      name\n      body\n      defaults\n      variables\n      createdAt\n      updatedAt\n    }\n  }\n": typeof types.ConsoleTemplatesDocument,
    "\n  query ConsoleTemplatePreview($id: ID!, $input: TemplatePreviewInput) {\n    templatePreview(id: $id, input: $input) {\n      body\n      encoding\n      segments\n      variables\n    }\n  }\n": typeof types.ConsoleTemplatePreviewDocument,
    "\n  mutation ConsoleCreateTemplate($input: CreateTemplateInput!) {\n    createTemplate(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.ConsoleCreateTemplateDocument,
    "\n  mutation ConsoleUpdateTemplate($input: UpdateTemplateInput!) {\n    updateTemplate(input: $input) {\n      id\n      name\n      body\n      defaults\n      variables\n      updatedAt\n    }\n  }\n": typeof types.ConsoleUpdateTemplateDocument,
    "\n  mutation ConsoleDeleteTemplate($input: DeleteTemplateInput!) {\n    deleteTemplate(input: $input)\n  }\n": typeof types.ConsoleDeleteTemplateDocument,
    "\n  query ConsoleUsers {\n    users {\n      id\n      email\n      role\n      status\n      createdAt\n    }\n  }\n": typeof types.ConsoleUsersDocument,
    "\n  mutation ConsoleInviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        id\n        email\n        role\n        status\n      }\n      invitation {\n        token\n        expiresAt\n      }\n    }\n  }\n": typeof types.ConsoleInviteUserDocument,
    "\n  mutation ConsoleChangeUserRole($input: ChangeUserRoleInput!) {\n    changeUserRole(input: $input) {\n      id\n      role\n    }\n  }\n": typeof types.ConsoleChangeUserRoleDocument,
    "\n  mutation ConsoleRemoveUser($input: RemoveUserInput!) {\n    removeUser(input: $input)\n  }\n": typeof types.ConsoleRemoveUserDocument,
    "\n  query ConsoleWebhooks {\n    webhooks {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledReason\n      createdAt\n      updatedAt\n    }\n  }\n": typeof types.ConsoleWebhooksDocument,
    "\n  query ConsoleWebhookDeliveries($webhookId: ID!, $status: String, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, status: $status, first: 20, after: $after) {\n      edges {\n        node {\n          id\n          eventType\n          eventId\n          status\n          attempts\n          statusCode\n          latencyMs\n          error\n          createdAt\n          deliveredAt\n          nextAttemptAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleWebhookDeliveriesDocument,
    "\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      url\n      secret\n    }\n  }\n": typeof types.ConsoleCreateWebhookDocument,
    "\n  mutation ConsoleUpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledReason\n      updatedAt\n    }\n  }\n": typeof types.ConsoleUpdateWebhookDocument,
    "\n  mutation ConsoleDeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input)\n  }\n": typeof types.ConsoleDeleteWebhookDocument,
    "\n  mutation ConsoleRotateWebhookSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      id\n      secret\n    }\n  }\n": typeof types.ConsoleRotateWebhookSecretDocument,
    "\n  mutation ConsoleSendTestWebhook($input: SendTestWebhookInput!) {\n    sendTestWebhook(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleSendTestWebhookDocument,
    "\n  mutation ConsoleRedeliverWebhook($input: RedeliverWebhookDeliveryInput!) {\n    redeliverWebhookDelivery(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleRedeliverWebhookDocument,
};
const documents: Documents = {
    "\n  query ConsoleMe {\n    me {\n      subjectId\n      scopes\n      account {\n        id\n        name\n      }\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n": types.ConsoleMeDocument,
    "\n  subscription ConsoleSessionWatch {\n    deviceStatusChanged {\n      deviceId\n    }\n  }\n": types.ConsoleSessionWatchDocument,
    "\n  mutation ConsoleAcceptInvite($input: AcceptInviteInput!) {\n    acceptInvite(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": types.ConsoleAcceptInviteDocument,
    "\n  query ConsoleOAuthClients {\n    oauthClients {\n      clientId\n      name\n      scopes\n      createdAt\n      lastUsedAt\n      secretRotatedAt\n    }\n  }\n": types.ConsoleOAuthClientsDocument,
    "\n  mutation ConsoleCreateOAuthClient($input: CreateOAuthClientInput!) {\n    createOAuthClient(input: $input) {\n      clientId\n      clientSecret\n      name\n    }\n  }\n": types.ConsoleCreateOAuthClientDocument,
    "\n  mutation ConsoleRotateOAuthClientSecret($input: RotateOAuthClientSecretInput!) {\n    rotateOAuthClientSecret(input: $input) {\n      clientId\n      clientSecret\n      name\n    }\n  }\n": types.ConsoleRotateOAuthClientSecretDocument,
    "\n  mutation ConsoleRevokeOAuthClient($input: RevokeOAuthClientInput!) {\n    revokeOAuthClient(input: $input)\n  }\n": types.ConsoleRevokeOAuthClientDocument,
    "\n  query ConsoleAuditEvents(\n    $action: String\n    $targetId: String\n    $actorId: String\n    $since: String\n    $until: String\n    $after: String\n  ) {\n    auditEvents(\n      first: 30\n      action: $action\n      targetId: $targetId\n      actorId: $actorId\n      since: $since\n      until: $until\n      after: $after\n    ) {\n      edges {\n        node {\n          id\n          action\n          at\n          actor {\n            kind\n            id\n          }\n          target {\n            type\n            id\n          }\n          ip\n          requestId\n          diff\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleAuditEventsDocument,
    "\n  query ConsoleAuditPeople {\n    users {\n      id\n      email\n    }\n  }\n": types.ConsoleAuditPeopleDocument,
    "\n  query ConsoleCampaignSetup {\n    templates {\n      id\n      name\n      body\n      defaults\n      variables\n    }\n  }\n": types.ConsoleCampaignSetupDocument,
    "\n  query ConsoleCampaignDevices {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n": types.ConsoleCampaignDevicesDocument,
    "\n  query ConsoleCampaignRowPreview($id: ID!, $input: TemplatePreviewInput) {\n    templatePreview(id: $id, input: $input) {\n      body\n      encoding\n      segments\n    }\n  }\n": types.ConsoleCampaignRowPreviewDocument,
    "\n  query ConsoleCampaignBodyPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n    }\n  }\n": types.ConsoleCampaignBodyPreviewDocument,
    "\n  mutation ConsoleCreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n      name\n      state\n      startAt\n    }\n  }\n": types.ConsoleCreateCampaignDocument,
    "\n  mutation ConsoleWizardLaunchCampaign($input: CampaignIdInput!) {\n    launchCampaign(input: $input) {\n      id\n      state\n    }\n  }\n": types.ConsoleWizardLaunchCampaignDocument,
    "\n  fragment ConsoleCampaignFields on Campaign {\n    id\n    name\n    state\n    templateId\n    body\n    defaults\n    deviceId\n    simSlot\n    from\n    startAt\n    quietHours {\n      start\n      end\n    }\n    pace\n    createdBy\n    createdAt\n    launchedAt\n    finishedAt\n    updatedAt\n    counts {\n      total\n      pending\n      queued\n      sent\n      delivered\n      failed\n      canceled\n      suppressed\n      invalid\n      duplicates\n      optedOut\n      deliveryRate\n    }\n  }\n": types.ConsoleCampaignFieldsFragmentDoc,
    "\n  query ConsoleCampaignPhones {\n    devices {\n      id\n      name\n    }\n  }\n": types.ConsoleCampaignPhonesDocument,
    "\n  query ConsoleCampaign($id: ID!) {\n    campaign(id: $id) {\n      ...ConsoleCampaignFields\n    }\n  }\n": types.ConsoleCampaignDocument,
    "\n  subscription ConsoleCampaignProgress($id: ID!) {\n    campaignProgress(id: $id) {\n      ...ConsoleCampaignFields\n    }\n  }\n": types.ConsoleCampaignProgressDocument,
    "\n  mutation ConsoleLaunchCampaign($input: CampaignIdInput!) {\n    launchCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n": types.ConsoleLaunchCampaignDocument,
    "\n  mutation ConsolePauseCampaign($input: CampaignIdInput!) {\n    pauseCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n": types.ConsolePauseCampaignDocument,
    "\n  mutation ConsoleResumeCampaign($input: CampaignIdInput!) {\n    resumeCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n": types.ConsoleResumeCampaignDocument,
    "\n  mutation ConsoleCancelCampaign($input: CampaignIdInput!) {\n    cancelCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n": types.ConsoleCancelCampaignDocument,
    "\n  query ConsoleCampaigns($after: String) {\n    campaigns(first: 25, after: $after) {\n      edges {\n        node {\n          id\n          name\n          state\n          startAt\n          launchedAt\n          finishedAt\n          createdAt\n          counts {\n            total\n            pending\n            queued\n            sent\n            delivered\n            failed\n            canceled\n            suppressed\n            invalid\n            duplicates\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleCampaignsDocument,
    "\n  fragment ConsoleCarrierFields on Carrier {\n    id\n    name\n    kind\n    enabled\n    smpp\n    http\n    state\n    stateDetail\n    stateSince\n    counters {\n      submitted\n      receipts\n      inbound\n      rejected\n      throttled\n      reconnects\n    }\n    updatedAt\n  }\n": types.ConsoleCarrierFieldsFragmentDoc,
    "\n  query ConsoleCarriers {\n    carriers {\n      ...ConsoleCarrierFields\n    }\n  }\n": types.ConsoleCarriersDocument,
    "\n  mutation ConsoleCreateCarrier($input: CreateCarrierInput!) {\n    createCarrier(input: $input) {\n      ...ConsoleCarrierFields\n    }\n  }\n": types.ConsoleCreateCarrierDocument,
    "\n  mutation ConsoleUpdateCarrier($input: UpdateCarrierInput!) {\n    updateCarrier(input: $input) {\n      ...ConsoleCarrierFields\n    }\n  }\n": types.ConsoleUpdateCarrierDocument,
    "\n  mutation ConsoleDeleteCarrier($input: DeleteCarrierInput!) {\n    deleteCarrier(input: $input)\n  }\n": types.ConsoleDeleteCarrierDocument,
    "\n  query ConsoleThreads($number: String, $after: String) {\n    conversations(first: 30, number: $number, after: $after) {\n      edges {\n        node {\n          number\n          lastMessageAt\n          lastBody\n          lastDirection\n          unread\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleThreadsDocument,
    "\n  query ConsoleThread($number: String!, $after: String) {\n    conversation(number: $number) {\n      number\n      unread\n      messages(first: 50, after: $after) {\n        edges {\n          node {\n            id\n            direction\n            body\n            status\n            errorCode\n            at\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.ConsoleThreadDocument,
    "\n  mutation ConsoleMarkRead($input: MarkConversationReadInput!) {\n    markConversationRead(input: $input) {\n      number\n      unread\n    }\n  }\n": types.ConsoleMarkReadDocument,
    "\n  mutation ConsoleReply($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n    }\n  }\n": types.ConsoleReplyDocument,
    "\n  subscription ConsoleConversationUpdated {\n    conversationUpdated {\n      number\n      messageId\n    }\n  }\n": types.ConsoleConversationUpdatedDocument,
    "\n  subscription ConsoleThreadStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n": types.ConsoleThreadStatusesDocument,
    "\n  query ConsoleDashboard {\n    dashboard {\n      statusCounts24h {\n        hour\n        counts {\n          status\n          count\n        }\n      }\n      throughputLastHour {\n        total\n        perMinute {\n          minute\n          count\n        }\n      }\n      queue {\n        waiting\n        scheduled\n        oldestAgeSeconds\n      }\n      deadLetters\n      phones {\n        online\n        total\n        devices {\n          id\n          name\n          online\n          limitPerMinute\n          sentLastMinute\n          headroom\n        }\n      }\n      carriers {\n        id\n        name\n        kind\n        state\n        enabled\n      }\n    }\n  }\n": types.ConsoleDashboardDocument,
    "\n  subscription ConsoleDashboardChanges {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n": types.ConsoleDashboardChangesDocument,
    "\n  query ConsoleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      to\n      from\n      body\n      status\n      segments\n      encoding\n      priority\n      attempts\n      deviceId\n      carrierId\n      routeId\n      simSlot\n      errorCode\n      errorMessage\n      clientReference\n      campaignId\n      sentBy\n      createdAt\n      sendAt\n      sentAt\n      deliveredAt\n      expiresAt\n      events {\n        status\n        at\n        source\n        attempt\n        deviceId\n        carrierId\n        errorCode\n        errorMessage\n      }\n    }\n  }\n": types.ConsoleMessageDocument,
    "\n  subscription ConsoleOneMessage($id: ID!) {\n    messageStatusChanged(messageId: $id) {\n      messageId\n      status\n    }\n  }\n": types.ConsoleOneMessageDocument,
    "\n  mutation ConsoleCancel($input: CancelMessageInput!) {\n    cancelMessage(input: $input) {\n      id\n      status\n    }\n  }\n": types.ConsoleCancelDocument,
    "\n  mutation ConsoleRedrive($input: RetryMessageInput!) {\n    retryMessage(input: $input) {\n      id\n      status\n    }\n  }\n": types.ConsoleRedriveDocument,
    "\n  query ConsoleMessages($first: Int, $after: String, $status: [String!], $to: String, $since: String, $until: String) {\n    messages(first: $first, after: $after, status: $status, to: $to, since: $since, until: $until) {\n      edges {\n        node {\n          id\n          to\n          body\n          status\n          segments\n          createdAt\n          deviceId\n          errorCode\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleMessagesDocument,
    "\n  subscription ConsoleMessageStatuses {\n    messageStatusChanged {\n      messageId\n      status\n      errorCode\n    }\n  }\n": types.ConsoleMessageStatusesDocument,
    "\n  query ConsoleSuppressions($phoneNumber: String, $reason: String, $after: String) {\n    suppressions(first: 25, phoneNumber: $phoneNumber, reason: $reason, after: $after) {\n      edges {\n        node {\n          id\n          phoneNumber\n          reason\n          sourceMessageId\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleSuppressionsDocument,
    "\n  mutation ConsoleAddSuppression($input: AddSuppressionInput!) {\n    addSuppression(input: $input) {\n      id\n      phoneNumber\n    }\n  }\n": types.ConsoleAddSuppressionDocument,
    "\n  mutation ConsoleRemoveSuppression($input: RemoveSuppressionInput!) {\n    removeSuppression(input: $input)\n  }\n": types.ConsoleRemoveSuppressionDocument,
    "\n  subscription ConsoleOptOutsInbound {\n    inboundMessageReceived {\n      id\n    }\n  }\n": types.ConsoleOptOutsInboundDocument,
    "\n  subscription ConsoleOptOutsStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n": types.ConsoleOptOutsStatusesDocument,
    "\n  fragment ConsolePhoneFields on Device {\n    id\n    name\n    status\n    online\n    paired\n    lastSeenAt\n    battery\n    charging\n    batteryOptimizationExempt\n    signal\n    queueDepth\n    appVersion\n    simPolicy\n    sims {\n      slot\n      operator\n      phoneNumber\n    }\n    throttle {\n      partsPerMinute\n      partsPerHour\n      partsPerDay\n      minIntervalMs\n    }\n    simThrottles {\n      slot\n      partsPerMinute\n      partsPerHour\n      partsPerDay\n      minIntervalMs\n    }\n  }\n": types.ConsolePhoneFieldsFragmentDoc,
    "\n  query ConsolePhones {\n    devices {\n      ...ConsolePhoneFields\n    }\n  }\n": types.ConsolePhonesDocument,
    "\n  subscription ConsolePhoneStatusChanged {\n    deviceStatusChanged {\n      deviceId\n      status\n      at\n    }\n  }\n": types.ConsolePhoneStatusChangedDocument,
    "\n  mutation ConsoleCreateDevice($input: CreateDeviceInput!) {\n    createDevice(input: $input) {\n      device {\n        ...ConsolePhoneFields\n      }\n      pairing {\n        code\n        expiresAt\n        qrUrl\n      }\n    }\n  }\n": types.ConsoleCreateDeviceDocument,
    "\n  mutation ConsoleUpdateDevice($input: UpdateDeviceInput!) {\n    updateDevice(input: $input) {\n      ...ConsolePhoneFields\n    }\n  }\n": types.ConsoleUpdateDeviceDocument,
    "\n  mutation ConsoleRevokeDevice($input: RevokeDeviceInput!) {\n    revokeDevice(input: $input)\n  }\n": types.ConsoleRevokeDeviceDocument,
    "\n  mutation ConsoleCreatePairingCode($input: CreatePairingCodeInput!) {\n    createPairingCode(input: $input) {\n      code\n      expiresAt\n      qrUrl\n    }\n  }\n": types.ConsoleCreatePairingCodeDocument,
    "\n  mutation ConsoleChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ConsoleChangePasswordDocument,
    "\n  fragment ConsoleRouteFields on Route {\n    id\n    name\n    position\n    isDefault\n    enabled\n    strategy\n    match {\n      prefixes\n      countries\n      priority\n    }\n    targets {\n      kind\n      deviceId\n      deviceIds\n      carrierId\n      weight\n      prices\n    }\n  }\n": types.ConsoleRouteFieldsFragmentDoc,
    "\n  query ConsoleRoutes {\n    routes {\n      ...ConsoleRouteFields\n    }\n    devices {\n      id\n      name\n    }\n    carriers {\n      id\n      name\n      kind\n    }\n  }\n": types.ConsoleRoutesDocument,
    "\n  mutation ConsoleUpsertRoute($input: UpsertRouteInput!) {\n    upsertRoute(input: $input) {\n      ...ConsoleRouteFields\n    }\n  }\n": types.ConsoleUpsertRouteDocument,
    "\n  mutation ConsoleDeleteRoute($input: DeleteRouteInput!) {\n    deleteRoute(input: $input)\n  }\n": types.ConsoleDeleteRouteDocument,
    "\n  query ConsoleSendPhones {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n": types.ConsoleSendPhonesDocument,
    "\n  query ConsoleSendPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n      characters\n      charactersPerSegment\n      remainingInSegment\n    }\n  }\n": types.ConsoleSendPreviewDocument,
    "\n  mutation ConsoleSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n      segments\n    }\n  }\n": types.ConsoleSendDocument,
    "\n  query ConsoleAccountSettings {\n    accountSettings {\n      stickyRecipients\n      keywordReplies {\n        stop\n        start\n        help\n      }\n      allowedCountries\n    }\n  }\n": types.ConsoleAccountSettingsDocument,
    "\n  mutation ConsoleUpdateAccountSettings($input: UpdateAccountSettingsInput!) {\n    updateAccountSettings(input: $input) {\n      stickyRecipients\n      keywordReplies {\n        stop\n        start\n        help\n      }\n      allowedCountries\n    }\n  }\n": types.ConsoleUpdateAccountSettingsDocument,
    "\n  mutation ConsoleSignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": types.ConsoleSignInDocument,
    "\n  query ConsoleTemplates {\n    templates {\n      id\n      name\n      body\n      defaults\n      variables\n      createdAt\n      updatedAt\n    }\n  }\n": types.ConsoleTemplatesDocument,
    "\n  query ConsoleTemplatePreview($id: ID!, $input: TemplatePreviewInput) {\n    templatePreview(id: $id, input: $input) {\n      body\n      encoding\n      segments\n      variables\n    }\n  }\n": types.ConsoleTemplatePreviewDocument,
    "\n  mutation ConsoleCreateTemplate($input: CreateTemplateInput!) {\n    createTemplate(input: $input) {\n      id\n      name\n    }\n  }\n": types.ConsoleCreateTemplateDocument,
    "\n  mutation ConsoleUpdateTemplate($input: UpdateTemplateInput!) {\n    updateTemplate(input: $input) {\n      id\n      name\n      body\n      defaults\n      variables\n      updatedAt\n    }\n  }\n": types.ConsoleUpdateTemplateDocument,
    "\n  mutation ConsoleDeleteTemplate($input: DeleteTemplateInput!) {\n    deleteTemplate(input: $input)\n  }\n": types.ConsoleDeleteTemplateDocument,
    "\n  query ConsoleUsers {\n    users {\n      id\n      email\n      role\n      status\n      createdAt\n    }\n  }\n": types.ConsoleUsersDocument,
    "\n  mutation ConsoleInviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        id\n        email\n        role\n        status\n      }\n      invitation {\n        token\n        expiresAt\n      }\n    }\n  }\n": types.ConsoleInviteUserDocument,
    "\n  mutation ConsoleChangeUserRole($input: ChangeUserRoleInput!) {\n    changeUserRole(input: $input) {\n      id\n      role\n    }\n  }\n": types.ConsoleChangeUserRoleDocument,
    "\n  mutation ConsoleRemoveUser($input: RemoveUserInput!) {\n    removeUser(input: $input)\n  }\n": types.ConsoleRemoveUserDocument,
    "\n  query ConsoleWebhooks {\n    webhooks {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledReason\n      createdAt\n      updatedAt\n    }\n  }\n": types.ConsoleWebhooksDocument,
    "\n  query ConsoleWebhookDeliveries($webhookId: ID!, $status: String, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, status: $status, first: 20, after: $after) {\n      edges {\n        node {\n          id\n          eventType\n          eventId\n          status\n          attempts\n          statusCode\n          latencyMs\n          error\n          createdAt\n          deliveredAt\n          nextAttemptAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleWebhookDeliveriesDocument,
    "\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      url\n      secret\n    }\n  }\n": types.ConsoleCreateWebhookDocument,
    "\n  mutation ConsoleUpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledReason\n      updatedAt\n    }\n  }\n": types.ConsoleUpdateWebhookDocument,
    "\n  mutation ConsoleDeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input)\n  }\n": types.ConsoleDeleteWebhookDocument,
    "\n  mutation ConsoleRotateWebhookSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      id\n      secret\n    }\n  }\n": types.ConsoleRotateWebhookSecretDocument,
    "\n  mutation ConsoleSendTestWebhook($input: SendTestWebhookInput!) {\n    sendTestWebhook(input: $input) {\n      id\n      status\n    }\n  }\n": types.ConsoleSendTestWebhookDocument,
    "\n  mutation ConsoleRedeliverWebhook($input: RedeliverWebhookDeliveryInput!) {\n    redeliverWebhookDelivery(input: $input) {\n      id\n      status\n    }\n  }\n": types.ConsoleRedeliverWebhookDocument,
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
export function graphql(source: "\n  query ConsoleMe {\n    me {\n      subjectId\n      scopes\n      account {\n        id\n        name\n      }\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleMe {\n    me {\n      subjectId\n      scopes\n      account {\n        id\n        name\n      }\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleSessionWatch {\n    deviceStatusChanged {\n      deviceId\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleSessionWatch {\n    deviceStatusChanged {\n      deviceId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAcceptInvite($input: AcceptInviteInput!) {\n    acceptInvite(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleAcceptInvite($input: AcceptInviteInput!) {\n    acceptInvite(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleOAuthClients {\n    oauthClients {\n      clientId\n      name\n      scopes\n      createdAt\n      lastUsedAt\n      secretRotatedAt\n    }\n  }\n"): (typeof documents)["\n  query ConsoleOAuthClients {\n    oauthClients {\n      clientId\n      name\n      scopes\n      createdAt\n      lastUsedAt\n      secretRotatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateOAuthClient($input: CreateOAuthClientInput!) {\n    createOAuthClient(input: $input) {\n      clientId\n      clientSecret\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateOAuthClient($input: CreateOAuthClientInput!) {\n    createOAuthClient(input: $input) {\n      clientId\n      clientSecret\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRotateOAuthClientSecret($input: RotateOAuthClientSecretInput!) {\n    rotateOAuthClientSecret(input: $input) {\n      clientId\n      clientSecret\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRotateOAuthClientSecret($input: RotateOAuthClientSecretInput!) {\n    rotateOAuthClientSecret(input: $input) {\n      clientId\n      clientSecret\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRevokeOAuthClient($input: RevokeOAuthClientInput!) {\n    revokeOAuthClient(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConsoleRevokeOAuthClient($input: RevokeOAuthClientInput!) {\n    revokeOAuthClient(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditEvents(\n    $action: String\n    $targetId: String\n    $actorId: String\n    $since: String\n    $until: String\n    $after: String\n  ) {\n    auditEvents(\n      first: 30\n      action: $action\n      targetId: $targetId\n      actorId: $actorId\n      since: $since\n      until: $until\n      after: $after\n    ) {\n      edges {\n        node {\n          id\n          action\n          at\n          actor {\n            kind\n            id\n          }\n          target {\n            type\n            id\n          }\n          ip\n          requestId\n          diff\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAuditEvents(\n    $action: String\n    $targetId: String\n    $actorId: String\n    $since: String\n    $until: String\n    $after: String\n  ) {\n    auditEvents(\n      first: 30\n      action: $action\n      targetId: $targetId\n      actorId: $actorId\n      since: $since\n      until: $until\n      after: $after\n    ) {\n      edges {\n        node {\n          id\n          action\n          at\n          actor {\n            kind\n            id\n          }\n          target {\n            type\n            id\n          }\n          ip\n          requestId\n          diff\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditPeople {\n    users {\n      id\n      email\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAuditPeople {\n    users {\n      id\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCampaignSetup {\n    templates {\n      id\n      name\n      body\n      defaults\n      variables\n    }\n  }\n"): (typeof documents)["\n  query ConsoleCampaignSetup {\n    templates {\n      id\n      name\n      body\n      defaults\n      variables\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCampaignDevices {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleCampaignDevices {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCampaignRowPreview($id: ID!, $input: TemplatePreviewInput) {\n    templatePreview(id: $id, input: $input) {\n      body\n      encoding\n      segments\n    }\n  }\n"): (typeof documents)["\n  query ConsoleCampaignRowPreview($id: ID!, $input: TemplatePreviewInput) {\n    templatePreview(id: $id, input: $input) {\n      body\n      encoding\n      segments\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCampaignBodyPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n    }\n  }\n"): (typeof documents)["\n  query ConsoleCampaignBodyPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n      name\n      state\n      startAt\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n      name\n      state\n      startAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleWizardLaunchCampaign($input: CampaignIdInput!) {\n    launchCampaign(input: $input) {\n      id\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleWizardLaunchCampaign($input: CampaignIdInput!) {\n    launchCampaign(input: $input) {\n      id\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleCampaignFields on Campaign {\n    id\n    name\n    state\n    templateId\n    body\n    defaults\n    deviceId\n    simSlot\n    from\n    startAt\n    quietHours {\n      start\n      end\n    }\n    pace\n    createdBy\n    createdAt\n    launchedAt\n    finishedAt\n    updatedAt\n    counts {\n      total\n      pending\n      queued\n      sent\n      delivered\n      failed\n      canceled\n      suppressed\n      invalid\n      duplicates\n      optedOut\n      deliveryRate\n    }\n  }\n"): (typeof documents)["\n  fragment ConsoleCampaignFields on Campaign {\n    id\n    name\n    state\n    templateId\n    body\n    defaults\n    deviceId\n    simSlot\n    from\n    startAt\n    quietHours {\n      start\n      end\n    }\n    pace\n    createdBy\n    createdAt\n    launchedAt\n    finishedAt\n    updatedAt\n    counts {\n      total\n      pending\n      queued\n      sent\n      delivered\n      failed\n      canceled\n      suppressed\n      invalid\n      duplicates\n      optedOut\n      deliveryRate\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCampaignPhones {\n    devices {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query ConsoleCampaignPhones {\n    devices {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCampaign($id: ID!) {\n    campaign(id: $id) {\n      ...ConsoleCampaignFields\n    }\n  }\n"): (typeof documents)["\n  query ConsoleCampaign($id: ID!) {\n    campaign(id: $id) {\n      ...ConsoleCampaignFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleCampaignProgress($id: ID!) {\n    campaignProgress(id: $id) {\n      ...ConsoleCampaignFields\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleCampaignProgress($id: ID!) {\n    campaignProgress(id: $id) {\n      ...ConsoleCampaignFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleLaunchCampaign($input: CampaignIdInput!) {\n    launchCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleLaunchCampaign($input: CampaignIdInput!) {\n    launchCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsolePauseCampaign($input: CampaignIdInput!) {\n    pauseCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsolePauseCampaign($input: CampaignIdInput!) {\n    pauseCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleResumeCampaign($input: CampaignIdInput!) {\n    resumeCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleResumeCampaign($input: CampaignIdInput!) {\n    resumeCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCancelCampaign($input: CampaignIdInput!) {\n    cancelCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCancelCampaign($input: CampaignIdInput!) {\n    cancelCampaign(input: $input) {\n      ...ConsoleCampaignFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCampaigns($after: String) {\n    campaigns(first: 25, after: $after) {\n      edges {\n        node {\n          id\n          name\n          state\n          startAt\n          launchedAt\n          finishedAt\n          createdAt\n          counts {\n            total\n            pending\n            queued\n            sent\n            delivered\n            failed\n            canceled\n            suppressed\n            invalid\n            duplicates\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleCampaigns($after: String) {\n    campaigns(first: 25, after: $after) {\n      edges {\n        node {\n          id\n          name\n          state\n          startAt\n          launchedAt\n          finishedAt\n          createdAt\n          counts {\n            total\n            pending\n            queued\n            sent\n            delivered\n            failed\n            canceled\n            suppressed\n            invalid\n            duplicates\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleCarrierFields on Carrier {\n    id\n    name\n    kind\n    enabled\n    smpp\n    http\n    state\n    stateDetail\n    stateSince\n    counters {\n      submitted\n      receipts\n      inbound\n      rejected\n      throttled\n      reconnects\n    }\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment ConsoleCarrierFields on Carrier {\n    id\n    name\n    kind\n    enabled\n    smpp\n    http\n    state\n    stateDetail\n    stateSince\n    counters {\n      submitted\n      receipts\n      inbound\n      rejected\n      throttled\n      reconnects\n    }\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCarriers {\n    carriers {\n      ...ConsoleCarrierFields\n    }\n  }\n"): (typeof documents)["\n  query ConsoleCarriers {\n    carriers {\n      ...ConsoleCarrierFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateCarrier($input: CreateCarrierInput!) {\n    createCarrier(input: $input) {\n      ...ConsoleCarrierFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateCarrier($input: CreateCarrierInput!) {\n    createCarrier(input: $input) {\n      ...ConsoleCarrierFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpdateCarrier($input: UpdateCarrierInput!) {\n    updateCarrier(input: $input) {\n      ...ConsoleCarrierFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleUpdateCarrier($input: UpdateCarrierInput!) {\n    updateCarrier(input: $input) {\n      ...ConsoleCarrierFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteCarrier($input: DeleteCarrierInput!) {\n    deleteCarrier(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteCarrier($input: DeleteCarrierInput!) {\n    deleteCarrier(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleThreads($number: String, $after: String) {\n    conversations(first: 30, number: $number, after: $after) {\n      edges {\n        node {\n          number\n          lastMessageAt\n          lastBody\n          lastDirection\n          unread\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleThreads($number: String, $after: String) {\n    conversations(first: 30, number: $number, after: $after) {\n      edges {\n        node {\n          number\n          lastMessageAt\n          lastBody\n          lastDirection\n          unread\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleThread($number: String!, $after: String) {\n    conversation(number: $number) {\n      number\n      unread\n      messages(first: 50, after: $after) {\n        edges {\n          node {\n            id\n            direction\n            body\n            status\n            errorCode\n            at\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleThread($number: String!, $after: String) {\n    conversation(number: $number) {\n      number\n      unread\n      messages(first: 50, after: $after) {\n        edges {\n          node {\n            id\n            direction\n            body\n            status\n            errorCode\n            at\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleMarkRead($input: MarkConversationReadInput!) {\n    markConversationRead(input: $input) {\n      number\n      unread\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleMarkRead($input: MarkConversationReadInput!) {\n    markConversationRead(input: $input) {\n      number\n      unread\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReply($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleReply($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleConversationUpdated {\n    conversationUpdated {\n      number\n      messageId\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleConversationUpdated {\n    conversationUpdated {\n      number\n      messageId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleThreadStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleThreadStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleDashboard {\n    dashboard {\n      statusCounts24h {\n        hour\n        counts {\n          status\n          count\n        }\n      }\n      throughputLastHour {\n        total\n        perMinute {\n          minute\n          count\n        }\n      }\n      queue {\n        waiting\n        scheduled\n        oldestAgeSeconds\n      }\n      deadLetters\n      phones {\n        online\n        total\n        devices {\n          id\n          name\n          online\n          limitPerMinute\n          sentLastMinute\n          headroom\n        }\n      }\n      carriers {\n        id\n        name\n        kind\n        state\n        enabled\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleDashboard {\n    dashboard {\n      statusCounts24h {\n        hour\n        counts {\n          status\n          count\n        }\n      }\n      throughputLastHour {\n        total\n        perMinute {\n          minute\n          count\n        }\n      }\n      queue {\n        waiting\n        scheduled\n        oldestAgeSeconds\n      }\n      deadLetters\n      phones {\n        online\n        total\n        devices {\n          id\n          name\n          online\n          limitPerMinute\n          sentLastMinute\n          headroom\n        }\n      }\n      carriers {\n        id\n        name\n        kind\n        state\n        enabled\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleDashboardChanges {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleDashboardChanges {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      to\n      from\n      body\n      status\n      segments\n      encoding\n      priority\n      attempts\n      deviceId\n      carrierId\n      routeId\n      simSlot\n      errorCode\n      errorMessage\n      clientReference\n      campaignId\n      sentBy\n      createdAt\n      sendAt\n      sentAt\n      deliveredAt\n      expiresAt\n      events {\n        status\n        at\n        source\n        attempt\n        deviceId\n        carrierId\n        errorCode\n        errorMessage\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      to\n      from\n      body\n      status\n      segments\n      encoding\n      priority\n      attempts\n      deviceId\n      carrierId\n      routeId\n      simSlot\n      errorCode\n      errorMessage\n      clientReference\n      campaignId\n      sentBy\n      createdAt\n      sendAt\n      sentAt\n      deliveredAt\n      expiresAt\n      events {\n        status\n        at\n        source\n        attempt\n        deviceId\n        carrierId\n        errorCode\n        errorMessage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleOneMessage($id: ID!) {\n    messageStatusChanged(messageId: $id) {\n      messageId\n      status\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleOneMessage($id: ID!) {\n    messageStatusChanged(messageId: $id) {\n      messageId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCancel($input: CancelMessageInput!) {\n    cancelMessage(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCancel($input: CancelMessageInput!) {\n    cancelMessage(input: $input) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRedrive($input: RetryMessageInput!) {\n    retryMessage(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRedrive($input: RetryMessageInput!) {\n    retryMessage(input: $input) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleMessages($first: Int, $after: String, $status: [String!], $to: String, $since: String, $until: String) {\n    messages(first: $first, after: $after, status: $status, to: $to, since: $since, until: $until) {\n      edges {\n        node {\n          id\n          to\n          body\n          status\n          segments\n          createdAt\n          deviceId\n          errorCode\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleMessages($first: Int, $after: String, $status: [String!], $to: String, $since: String, $until: String) {\n    messages(first: $first, after: $after, status: $status, to: $to, since: $since, until: $until) {\n      edges {\n        node {\n          id\n          to\n          body\n          status\n          segments\n          createdAt\n          deviceId\n          errorCode\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleMessageStatuses {\n    messageStatusChanged {\n      messageId\n      status\n      errorCode\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleMessageStatuses {\n    messageStatusChanged {\n      messageId\n      status\n      errorCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSuppressions($phoneNumber: String, $reason: String, $after: String) {\n    suppressions(first: 25, phoneNumber: $phoneNumber, reason: $reason, after: $after) {\n      edges {\n        node {\n          id\n          phoneNumber\n          reason\n          sourceMessageId\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleSuppressions($phoneNumber: String, $reason: String, $after: String) {\n    suppressions(first: 25, phoneNumber: $phoneNumber, reason: $reason, after: $after) {\n      edges {\n        node {\n          id\n          phoneNumber\n          reason\n          sourceMessageId\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAddSuppression($input: AddSuppressionInput!) {\n    addSuppression(input: $input) {\n      id\n      phoneNumber\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleAddSuppression($input: AddSuppressionInput!) {\n    addSuppression(input: $input) {\n      id\n      phoneNumber\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRemoveSuppression($input: RemoveSuppressionInput!) {\n    removeSuppression(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConsoleRemoveSuppression($input: RemoveSuppressionInput!) {\n    removeSuppression(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleOptOutsInbound {\n    inboundMessageReceived {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleOptOutsInbound {\n    inboundMessageReceived {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleOptOutsStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleOptOutsStatuses {\n    messageStatusChanged {\n      messageId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsolePhoneFields on Device {\n    id\n    name\n    status\n    online\n    paired\n    lastSeenAt\n    battery\n    charging\n    batteryOptimizationExempt\n    signal\n    queueDepth\n    appVersion\n    simPolicy\n    sims {\n      slot\n      operator\n      phoneNumber\n    }\n    throttle {\n      partsPerMinute\n      partsPerHour\n      partsPerDay\n      minIntervalMs\n    }\n    simThrottles {\n      slot\n      partsPerMinute\n      partsPerHour\n      partsPerDay\n      minIntervalMs\n    }\n  }\n"): (typeof documents)["\n  fragment ConsolePhoneFields on Device {\n    id\n    name\n    status\n    online\n    paired\n    lastSeenAt\n    battery\n    charging\n    batteryOptimizationExempt\n    signal\n    queueDepth\n    appVersion\n    simPolicy\n    sims {\n      slot\n      operator\n      phoneNumber\n    }\n    throttle {\n      partsPerMinute\n      partsPerHour\n      partsPerDay\n      minIntervalMs\n    }\n    simThrottles {\n      slot\n      partsPerMinute\n      partsPerHour\n      partsPerDay\n      minIntervalMs\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsolePhones {\n    devices {\n      ...ConsolePhoneFields\n    }\n  }\n"): (typeof documents)["\n  query ConsolePhones {\n    devices {\n      ...ConsolePhoneFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsolePhoneStatusChanged {\n    deviceStatusChanged {\n      deviceId\n      status\n      at\n    }\n  }\n"): (typeof documents)["\n  subscription ConsolePhoneStatusChanged {\n    deviceStatusChanged {\n      deviceId\n      status\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateDevice($input: CreateDeviceInput!) {\n    createDevice(input: $input) {\n      device {\n        ...ConsolePhoneFields\n      }\n      pairing {\n        code\n        expiresAt\n        qrUrl\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateDevice($input: CreateDeviceInput!) {\n    createDevice(input: $input) {\n      device {\n        ...ConsolePhoneFields\n      }\n      pairing {\n        code\n        expiresAt\n        qrUrl\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpdateDevice($input: UpdateDeviceInput!) {\n    updateDevice(input: $input) {\n      ...ConsolePhoneFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleUpdateDevice($input: UpdateDeviceInput!) {\n    updateDevice(input: $input) {\n      ...ConsolePhoneFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRevokeDevice($input: RevokeDeviceInput!) {\n    revokeDevice(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConsoleRevokeDevice($input: RevokeDeviceInput!) {\n    revokeDevice(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreatePairingCode($input: CreatePairingCodeInput!) {\n    createPairingCode(input: $input) {\n      code\n      expiresAt\n      qrUrl\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreatePairingCode($input: CreatePairingCodeInput!) {\n    createPairingCode(input: $input) {\n      code\n      expiresAt\n      qrUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConsoleChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleRouteFields on Route {\n    id\n    name\n    position\n    isDefault\n    enabled\n    strategy\n    match {\n      prefixes\n      countries\n      priority\n    }\n    targets {\n      kind\n      deviceId\n      deviceIds\n      carrierId\n      weight\n      prices\n    }\n  }\n"): (typeof documents)["\n  fragment ConsoleRouteFields on Route {\n    id\n    name\n    position\n    isDefault\n    enabled\n    strategy\n    match {\n      prefixes\n      countries\n      priority\n    }\n    targets {\n      kind\n      deviceId\n      deviceIds\n      carrierId\n      weight\n      prices\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleRoutes {\n    routes {\n      ...ConsoleRouteFields\n    }\n    devices {\n      id\n      name\n    }\n    carriers {\n      id\n      name\n      kind\n    }\n  }\n"): (typeof documents)["\n  query ConsoleRoutes {\n    routes {\n      ...ConsoleRouteFields\n    }\n    devices {\n      id\n      name\n    }\n    carriers {\n      id\n      name\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpsertRoute($input: UpsertRouteInput!) {\n    upsertRoute(input: $input) {\n      ...ConsoleRouteFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleUpsertRoute($input: UpsertRouteInput!) {\n    upsertRoute(input: $input) {\n      ...ConsoleRouteFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteRoute($input: DeleteRouteInput!) {\n    deleteRoute(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteRoute($input: DeleteRouteInput!) {\n    deleteRoute(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSendPhones {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleSendPhones {\n    devices {\n      id\n      name\n      online\n      status\n      sims {\n        slot\n        operator\n        phoneNumber\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSendPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n      characters\n      charactersPerSegment\n      remainingInSegment\n    }\n  }\n"): (typeof documents)["\n  query ConsoleSendPreview($body: String!) {\n    messagePreview(body: $body) {\n      encoding\n      segments\n      characters\n      charactersPerSegment\n      remainingInSegment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n      segments\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      status\n      segments\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAccountSettings {\n    accountSettings {\n      stickyRecipients\n      keywordReplies {\n        stop\n        start\n        help\n      }\n      allowedCountries\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAccountSettings {\n    accountSettings {\n      stickyRecipients\n      keywordReplies {\n        stop\n        start\n        help\n      }\n      allowedCountries\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpdateAccountSettings($input: UpdateAccountSettingsInput!) {\n    updateAccountSettings(input: $input) {\n      stickyRecipients\n      keywordReplies {\n        stop\n        start\n        help\n      }\n      allowedCountries\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleUpdateAccountSettings($input: UpdateAccountSettingsInput!) {\n    updateAccountSettings(input: $input) {\n      stickyRecipients\n      keywordReplies {\n        stop\n        start\n        help\n      }\n      allowedCountries\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleTemplates {\n    templates {\n      id\n      name\n      body\n      defaults\n      variables\n      createdAt\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  query ConsoleTemplates {\n    templates {\n      id\n      name\n      body\n      defaults\n      variables\n      createdAt\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleTemplatePreview($id: ID!, $input: TemplatePreviewInput) {\n    templatePreview(id: $id, input: $input) {\n      body\n      encoding\n      segments\n      variables\n    }\n  }\n"): (typeof documents)["\n  query ConsoleTemplatePreview($id: ID!, $input: TemplatePreviewInput) {\n    templatePreview(id: $id, input: $input) {\n      body\n      encoding\n      segments\n      variables\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateTemplate($input: CreateTemplateInput!) {\n    createTemplate(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateTemplate($input: CreateTemplateInput!) {\n    createTemplate(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpdateTemplate($input: UpdateTemplateInput!) {\n    updateTemplate(input: $input) {\n      id\n      name\n      body\n      defaults\n      variables\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleUpdateTemplate($input: UpdateTemplateInput!) {\n    updateTemplate(input: $input) {\n      id\n      name\n      body\n      defaults\n      variables\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteTemplate($input: DeleteTemplateInput!) {\n    deleteTemplate(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteTemplate($input: DeleteTemplateInput!) {\n    deleteTemplate(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleUsers {\n    users {\n      id\n      email\n      role\n      status\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query ConsoleUsers {\n    users {\n      id\n      email\n      role\n      status\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleInviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        id\n        email\n        role\n        status\n      }\n      invitation {\n        token\n        expiresAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleInviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        id\n        email\n        role\n        status\n      }\n      invitation {\n        token\n        expiresAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleChangeUserRole($input: ChangeUserRoleInput!) {\n    changeUserRole(input: $input) {\n      id\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleChangeUserRole($input: ChangeUserRoleInput!) {\n    changeUserRole(input: $input) {\n      id\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRemoveUser($input: RemoveUserInput!) {\n    removeUser(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConsoleRemoveUser($input: RemoveUserInput!) {\n    removeUser(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWebhooks {\n    webhooks {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledReason\n      createdAt\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  query ConsoleWebhooks {\n    webhooks {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledReason\n      createdAt\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWebhookDeliveries($webhookId: ID!, $status: String, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, status: $status, first: 20, after: $after) {\n      edges {\n        node {\n          id\n          eventType\n          eventId\n          status\n          attempts\n          statusCode\n          latencyMs\n          error\n          createdAt\n          deliveredAt\n          nextAttemptAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleWebhookDeliveries($webhookId: ID!, $status: String, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, status: $status, first: 20, after: $after) {\n      edges {\n        node {\n          id\n          eventType\n          eventId\n          status\n          attempts\n          statusCode\n          latencyMs\n          error\n          createdAt\n          deliveredAt\n          nextAttemptAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      url\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      url\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledReason\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleUpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledReason\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRotateWebhookSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      id\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRotateWebhookSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      id\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSendTestWebhook($input: SendTestWebhookInput!) {\n    sendTestWebhook(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSendTestWebhook($input: SendTestWebhookInput!) {\n    sendTestWebhook(input: $input) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRedeliverWebhook($input: RedeliverWebhookDeliveryInput!) {\n    redeliverWebhookDelivery(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRedeliverWebhook($input: RedeliverWebhookDeliveryInput!) {\n    redeliverWebhookDelivery(input: $input) {\n      id\n      status\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;