"""Looking inside the models: feature maps, filters, LSTM gates, saliency, confusion matrix and mistakes.

`insight_panel.InsightPanel` bundles the views; each view can also be used on its own.
"""
