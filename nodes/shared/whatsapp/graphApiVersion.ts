// The Graph API version the nodes call when the credential leaves it blank: what Meta's WhatsApp
// pages use, served until 2028-07-29. Its own module so the sandbox can report it without
// loading the Cloud API client (axios and its retry layer).
export const DEFAULT_API_VERSION = 'v25.0';
