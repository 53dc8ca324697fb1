// The role profiles of the sandbox account (ZOOM_MODE=sandbox without a profiles file), named after the
// emulator's seed (src/zoom/emulator/seed.ts): one office profile with a queue, a desk phone and the
// queue's number as caller ID, one remote profile that needs a personal emergency address.
export const SANDBOX_PROFILES = `
profiles:
  Sales:
    site: Main Office
    template: Sales Team
    calling_plans: [US/CA Unlimited, Power Pack]
    extension_range: 3000-3999
    number: auto
    call_queues: [Sales Queue]
    desk_phone:
      brand: Poly
      model: VVX 450
      provision_template: Sales desk phones
    caller_id: "queue:Sales Queue"
    emergency_address: site_default
  London Remote:
    site: London
    calling_plans: [UK/Ireland Metered]
    number: auto
    shared_line_groups: [Front Desk]
    caller_id: own_number
    emergency_address: personal_required
`;
