"""Notes a newcomer writes for an invented interview (issue 24): a ``#`` title, loose logistics
lines, ``## my pitch`` as prose, ``## why <company>`` as bullets, recruiter-call notes with the
company's numbers, questions with indented answers, roles under ``## experience stories``,
``## stuff to ask them`` and a checklist. Written by us for the tests."""

from __future__ import annotations

NOTES = """\
# Lumen Robotics interview

Interview with Priya Shah (VP Ops) and Tom Reyes, Thursday March 12, 2:00 pm ET
Format: Zoom, 45 min, then a case study
Recruiter: Dana Kim, dana@lumen.example

## my pitch
I have spent six years running operations at marketplaces. At Shipwell I built the carrier \
onboarding team from zero to twelve people. I like problems where software and people meet.

## why Lumen
- the warehouse robotics market is growing fast
- I want to work on hardware and software together
- your team ships to real customers every week

## recruiter call notes
- Series B, $32M raised in 2023
- 120 people, 30 in ops
- customers are 3PLs and mid-size retailers
- they want someone to scale deployment ops

## experience stories
### Convoy — analyst
- ran pricing experiments
\t- raised margin 3 points on spot loads

## questions they might ask
- Tell me about a time you scaled a team
\t- At Shipwell I hired twelve people in a year and wrote the playbook.
- Why Lumen?
\t- Robotics deployment is an ops problem as much as an engineering one.

## stuff to ask them
- What does success look like in the first 90 days?
- How is the deployment team organized?

## checklist
- [ ] reread the case study prompt
- [x] test Zoom audio
"""

DAY = (
    "Interview with Priya Shah (VP Ops) and Tom Reyes, Thursday March 12, 2:00 pm ET",
    "Format: Zoom, 45 min, then a case study",
    "Recruiter: Dana Kim, dana@lumen.example",
)
"""The interview's lines, as the sheet prints them (who, when, where and the format)."""
FACTS = ("Series B, $32M raised in 2023", "120 people, 30 in ops")
WHY_SENTENCES = (
    "the warehouse robotics market is growing fast.",
    "I want to work on hardware and software together.",
    "your team ships to real customers every week.",
)
"""The three why bullets, each its own sentence (the full stop added where none was written)."""
