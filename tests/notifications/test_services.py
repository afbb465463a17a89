"""notify() and the delivery rules: preferences, idempotency keys, robots only for department events,
claims that two workers cannot both win, backoff, masking and keeping secrets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from careerpath.errors import Forbidden, InvalidInput
from careerpath.notifications import services as s
from careerpath.notifications.events import EVENTS, event_of
from careerpath.notifications.models import Delivery, DeliveryState, Message, Preference, Robot
from careerpath.promotions.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(company):  # noqa: ANN001, ANN201
    for name, address in (("agent", "agent@example.com"), ("supervisor", "sup@example.com"), ("far", "")):
        u = company.users[name]
        u.email = address
        u.save()
    return company


def tell(captured, **kw):  # noqa: ANN001, ANN003, ANN201
    with captured(execute=True):
        s.notify(**kw)


def robot(c, vendor="wecom", events=("notice",), token="groupkey123", dept=None):  # noqa: ANN001, ANN201
    return s.robot_save(actor=c.users["hr"], department=dept or c.dept, vendor=vendor, name=f"{vendor} 群",
                        events=list(events), token=token)


def test_every_event_key_the_apps_use_is_registered() -> None:
    for key in ("application", "evidence", "cycle", "talent", "notice", "training", "mentoring", "recognition",
                "voice", "probation", "general"):
        assert event_of(key).key == key
    with pytest.raises(ValueError, match="unknown notification event"):
        event_of("nonsense")
    assert {k for k, e in EVENTS.items() if e.relayable} == {"notice", "training", "recognition"}


@pytest.mark.parametrize(("event", "chosen", "emails"), [
    ("application", None, {"agent@example.com", "sup@example.com"}),  # default on
    ("application", False, {"sup@example.com"}),  # the agent turned it off
    ("training", None, set()),  # default off
    ("training", True, {"agent@example.com"}),  # the agent turned it on
])
def test_email_follows_the_preference_and_the_default(people, django_capture_on_commit_callbacks,  # noqa: ANN001
                                                      event, chosen, emails) -> None:
    if chosen is not None:
        s.preferences_save(actor=people.users["agent"], email={event: chosen})
    ids = [people.users[n].pk for n in ("agent", "supervisor", "far")]
    tell(django_capture_on_commit_callbacks, user_ids=ids, text="测试", url="/x/", event=event)
    assert Notification.objects.filter(text="测试").count() == 3  # in-app always
    assert set(Delivery.objects.values_list("target", flat=True)) == emails


def test_nothing_happens_before_commit_nor_after_a_rollback(people, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                s.notify(user_ids=[people.users["agent"].pk], text="回滚", event="application")
                assert not Notification.objects.filter(text="回滚").exists()
                raise RuntimeError
        except RuntimeError:
            pass
    assert not Notification.objects.filter(text="回滚").exists() and not Delivery.objects.exists()


def test_a_key_makes_notify_idempotent(people, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    for _ in range(3):
        tell(django_capture_on_commit_callbacks, user_ids=[people.users["agent"].pk], text="提醒", event="application",
             key="reminder:review:1:2026-09-28")
    assert Message.objects.filter(key="reminder:review:1:2026-09-28").count() == 1
    assert Notification.objects.filter(text="提醒").count() == 1
    assert Delivery.objects.count() == 1


def test_robots_relay_only_department_events_they_chose_for_their_department(people,  # noqa: ANN001
                                                                            django_capture_on_commit_callbacks) -> None:
    from careerpath.people.models import Department

    notices = robot(people, "wecom", ("notice",))
    training = robot(people, "feishu", ("training",), token="trainingkey")
    robot(people, "wecom", ("notice",), token="southkey", dept=Department.objects.get(name="华南客服部"))
    d = [people.dept.pk]
    tell(django_capture_on_commit_callbacks, user_ids=[], text="公示", event="notice", department_ids=d)
    tell(django_capture_on_commit_callbacks, user_ids=[], text="培训", event="training", department_ids=d)
    # A personal event is never relayed, whatever departments the caller names.
    tell(django_capture_on_commit_callbacks, user_ids=[people.users["agent"].pk], text="证据被退回",
         event="evidence", department_ids=d)
    got = {(x.message.text, x.robot_id) for x in Delivery.objects.exclude(robot=None).select_related("message")}
    assert got == {("公示", notices.pk), ("培训", training.pk)}


def test_robots_refuse_personal_events_and_bad_tokens(people) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInput) as e:
        robot(people, "wecom", ("evidence",))
    assert e.value.field == "events"
    with pytest.raises(InvalidInput) as e:
        robot(people, "wecom", ("notice",), token="has spaces!")
    assert e.value.field == "token"
    with pytest.raises(Forbidden):
        s.robot_save(actor=people.users["agent"], department=people.dept, vendor="wecom", name="x",
                     events=["notice"], token="groupkey123")


@pytest.mark.parametrize(("vendor", "pasted", "token"), [
    ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4", "693a91f6-7xxx-4bc4"),
    ("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=9f8e7d6c5b4a", "9f8e7d6c5b4a"),
    ("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c3d-4e5f", "0a1b2c3d-4e5f"),
    ("feishu", "0a1b2c3d-4e5f", "0a1b2c3d-4e5f"),
])
def test_a_pasted_webhook_url_or_key_is_understood(people, vendor, pasted, token) -> None:  # noqa: ANN001
    assert robot(people, vendor, ("notice",), token=pasted).token == token


def test_secrets_are_masked_and_kept_when_not_retyped(people) -> None:  # noqa: ANN001
    r = s.robot_save(actor=people.users["hr"], department=people.dept, vendor="dingtalk", name="钉钉群",
                     events=["notice"], token="9f8e7d6c5b4a3210", secret="SECabcdef0123456789")
    assert s.mask(r.token) == "…3210" and s.mask(r.secret) == "…6789"
    r = s.robot_save(actor=people.users["hr"], robot=r, department=people.dept, vendor="dingtalk", name="钉钉大群",
                     events=["notice", "training"])
    r.refresh_from_db()
    assert (r.name, r.token, r.secret) == ("钉钉大群", "9f8e7d6c5b4a3210", "SECabcdef0123456789")
    from careerpath.audit.models import AuditEvent

    assert "9f8e7d6c" not in str(list(AuditEvent.objects.filter(action__startswith="notifications.").values()))


def test_only_one_of_two_workers_claims_a_delivery(people, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    tell(django_capture_on_commit_callbacks, user_ids=[people.users["agent"].pk], text="一次", event="application")
    d = Delivery.objects.get()
    assert s.delivery_claim(delivery_id=d.pk) is True
    assert s.delivery_claim(delivery_id=d.pk) is False  # the other worker
    assert s.delivery_send(delivery_id=d.pk) == "skipped"
    # A claim left by a worker that died mid-send is taken again after a while.
    Delivery.objects.filter(pk=d.pk).update(claimed_at=timezone.now() - s.STALE_CLAIM - timedelta(seconds=1))
    assert s.delivery_claim(delivery_id=d.pk) is True


def test_email_is_sent_once_by_the_worker_side(people, django_capture_on_commit_callbacks, mailoutbox) -> None:  # noqa: ANN001
    tell(django_capture_on_commit_callbacks, user_ids=[people.users["agent"].pk], text="您的申请已通过",
         url="/applications/7/", event="application")
    d = Delivery.objects.get()
    assert s.delivery_send(delivery_id=d.pk) == "sent"
    assert s.delivery_send(delivery_id=d.pk) == "skipped"
    assert len(mailoutbox) == 1
    assert "http://127.0.0.1:8000/applications/7/" in mailoutbox[0].body


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (4, 480)])
def test_backoff_doubles(attempts, seconds) -> None:  # noqa: ANN001
    assert s.backoff(attempts) == timedelta(seconds=seconds)


def test_hr_retries_a_dead_delivery(people, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    tell(django_capture_on_commit_callbacks, user_ids=[people.users["agent"].pk], text="x", event="application")
    d = Delivery.objects.get()
    with pytest.raises(InvalidInput):
        s.delivery_retry(actor=people.users["hr"], delivery=d)  # not failed
    Delivery.objects.filter(pk=d.pk).update(state=DeliveryState.DEAD, attempts=5, last_error="boom")
    with pytest.raises(Forbidden):
        s.delivery_retry(actor=people.users["agent"], delivery=d)
    d = s.delivery_retry(actor=people.users["hr"], delivery=d)
    assert (d.state, d.attempts) == (DeliveryState.PENDING, 0)


def test_preferences_refuse_unknown_events(people) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInput):
        s.preferences_save(actor=people.users["agent"], email={"nonsense": True})
    assert not Preference.objects.exists()
    assert Robot.objects.count() == 0
