"""The site's pages, one module per part of the journey; each module owns its ``urlpatterns``.

- ``journey``: the employee's career map, checklist, applying and their applications
- ``evidence``: evidence submitted for confirmation, recorded by supervisors, attachments, mentees
- ``team``: the supervisor's and manager's team overview
- ``reviews``: the review queue and the supervisor's and manager's review steps
- ``notices``: the notice board (公示), objections and their mediation
- ``approvals``: HR's approval, letters, the effective date and the probation
"""
