from tests.notifications.receivers import robot_receiver, smtp_inbox  # noqa: F401
from tests.procedures.conftest import company  # noqa: F401
