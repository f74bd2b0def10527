"""Query parameters that pages of several sections read, named once."""

# A service's exchange id: "Jeg jobber i …" in the guide, the service filter of the
# tiltaksoversikt, and the links between them and the service pages.
SERVICE_PARAMETER = "tjeneste"
